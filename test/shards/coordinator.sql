-- coordinator.sql: the coordinator of test/shards/run.sh.  Variables: shard1,
-- shard2 (socket directories), user, from1/to1 and from2/to2 (the adcode
-- range of each shard).
--
-- The extension is installed here too: its types give the partitioned
-- tables their columns, and its IMMUTABLE functions and operators are the
-- ones postgres_fdw may send to the shards, because the servers name the
-- extension in their 'extensions' option.
\set ON_ERROR_STOP 1
CREATE EXTENSION civil_affairs CASCADE;
CREATE EXTENSION postgres_fdw;
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'shard1', port '5432', dbname 'ca_shard', extensions 'civil_affairs');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'shard2', port '5432', dbname 'ca_shard', extensions 'civil_affairs');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user :'user');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard2 OPTIONS (user :'user');

CREATE SCHEMA city;
-- Households, partitioned by the division they live in.
CREATE TABLE city.household (
    id                 bigint NOT NULL,
    residence_division civil_affairs.adcode NOT NULL,
    urban              boolean
) PARTITION BY RANGE (residence_division);
CREATE FOREIGN TABLE city.household_shard1 PARTITION OF city.household
    FOR VALUES FROM (:'from1') TO (:'to1') SERVER shard1 OPTIONS (schema_name 'civil_affairs', table_name 'household');
CREATE FOREIGN TABLE city.household_shard2 PARTITION OF city.household
    FOR VALUES FROM (:'from2') TO (:'to2') SERVER shard2 OPTIONS (schema_name 'civil_affairs', table_name 'household');

-- The payroll list each shard computes from its own registry (v_payroll),
-- partitioned by county.
CREATE TABLE city.payroll (
    month        date,
    county_code  civil_affairs.adcode,
    county       text,
    township     text,
    village      text,
    household_id bigint,
    head_name    text,
    head_idcard  text,
    programme    text,
    tier         smallint,
    persons      integer,
    amount       numeric,
    head_name_masked     text,
    head_phone           text,
    head_phone_masked    text,
    head_idcard_unmasked text
) PARTITION BY RANGE (county_code);
CREATE FOREIGN TABLE city.payroll_shard1 PARTITION OF city.payroll
    FOR VALUES FROM (:'from1') TO (:'to1') SERVER shard1 OPTIONS (schema_name 'civil_affairs', table_name 'v_payroll');
CREATE FOREIGN TABLE city.payroll_shard2 PARTITION OF city.payroll
    FOR VALUES FROM (:'from2') TO (:'to2') SERVER shard2 OPTIONS (schema_name 'civil_affairs', table_name 'v_payroll');
ANALYZE city.household_shard1, city.household_shard2;
