/*
 * registry_values.h: registry values as the kernels take them.
 */
#ifndef CA_REGISTRY_VALUES_H
#define CA_REGISTRY_VALUES_H

#include "postgres.h"

#include "../core/assessment.h"

/* Work capacity and self-care from their text codes; an error for others. */
extern ca_work_capacity registry_work_capacity(const char *s);
extern ca_self_care registry_self_care(const char *s);

/* An asset kind from its text code; an error for others. */
extern ca_asset_kind registry_asset_kind(const char *s);

/*
 * A registry amount (numeric yuan, at most 2 decimals in the tables) as
 * integer fen, rounded half away from zero like policy_fen.
 */
extern int64 registry_amount_fen(Datum numeric, const char *what);

/* The elements of a one-dimensional array of a built-in type. */
extern void registry_deconstruct(Datum array, Oid elemtype, Datum **elems, bool **nulls, int *n);

#endif							/* CA_REGISTRY_VALUES_H */
