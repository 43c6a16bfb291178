/*
 * id_map.h: registry ids (any bigint) numbered 0, 1, 2 ... in the order
 * they are added, for the bulk readers that join in C instead of in SQL.
 * What a reader keeps per id lives in its own dense array indexed by that
 * number, so the hash table itself stays small: open addressing, sized once
 * for a known number of ids.
 */
#ifndef CA_ID_MAP_H
#define CA_ID_MAP_H

#include "postgres.h"

#include "registry_values.h"

typedef struct IdMap
{
	int64	   *ids;
	int32	   *numbers;		/* the id's number + 1; 0: a free slot */
	uint64		mask;
	int			n;
	int			capacity;
} IdMap;

/* Room for capacity ids, at most half the slots. */
static inline void
id_map_init(IdMap *map, int capacity)
{
	uint64		slots;

	for (slots = 16; slots < (uint64) Max(capacity, 1) * 2; slots <<= 1)
		;
	map->ids = palloc_extended(sizeof(int64) * slots, MCXT_ALLOC_HUGE);
	map->numbers = palloc_extended(sizeof(int32) * slots, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	map->mask = slots - 1;
	map->n = 0;
	map->capacity = Max(capacity, 1);
}

/* The number of id, or -1 if absent. */
static inline int
id_map_find(const IdMap *map, int64 id)
{
	uint64		i = registry_id_hash(id) & map->mask;

	for (;;)
	{
		if (map->numbers[i] == 0)
			return -1;
		if (map->ids[i] == id)
			return map->numbers[i] - 1;
		i = (i + 1) & map->mask;
	}
}

/* The number of id, the next one if it is new (then *added is set). */
static inline int
id_map_add(IdMap *map, int64 id, bool *added)
{
	uint64		i = registry_id_hash(id) & map->mask;

	*added = false;
	for (;;)
	{
		if (map->numbers[i] == 0)
		{
			if (map->n >= map->capacity)
				elog(ERROR, "more than the %d ids an id map was sized for", map->capacity);
			map->ids[i] = id;
			map->numbers[i] = ++map->n;
			*added = true;
			return map->n - 1;
		}
		if (map->ids[i] == id)
			return map->numbers[i] - 1;
		i = (i + 1) & map->mask;
	}
}

#endif							/* CA_ID_MAP_H */
