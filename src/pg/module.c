/*
 * module.c: the shared library's identity.  Each type and module keeps its
 * own fmgr file; this one only marks the library as a PostgreSQL module.
 */
#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;
