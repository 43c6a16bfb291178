/*
 * id_map.h: registry ids (any bigint) numbered 0, 1, 2 ... in the order
 * they are added, for the bulk readers that join in C instead of in SQL.
 * What a reader keeps per id lives in its own dense array indexed by that
 * number.
 *
 * The registry's ids come from identity columns, so they are dense and a
 * table's scan meets them mostly in ascending order.  They are therefore
 * looked up by address first: pages of ID_MAP_PAGE_IDS consecutive ids,
 * found through a directory indexed by id / ID_MAP_PAGE_IDS, allocated when
 * an id of their range is added.  A scan of a million persons then reads
 * the map in order, where a hash table sends every lookup to a random cache
 * line (at 1,000,000 households that was the payroll's largest cost after
 * reading the rows).  Ids the pages do not cover go to an open-addressing
 * hash table: negative ids, ids beyond what the directory may span, and ids
 * in ranges met after the pages have used their budget (sparse ids would
 * otherwise cost a page each).  The division codes (twelve digits) always
 * go there.
 */
#ifndef CA_ID_MAP_H
#define CA_ID_MAP_H

#include "postgres.h"

#include "registry_values.h"

#define ID_MAP_PAGE_BITS 12
#define ID_MAP_PAGE_IDS (1 << ID_MAP_PAGE_BITS)

typedef struct IdMap
{
	/* Address lookup: pages[id >> ID_MAP_PAGE_BITS][id & (ID_MAP_PAGE_IDS - 1)] */
	int32	  **pages;			/* the directory; NULL: no page for that range */
	int64		n_dir;			/* directory entries allocated */
	int64		max_dir;		/* how many it may grow to */
	int64		pages_left;		/* pages still allowed */
	/* Hash lookup for the rest: open addressing, made at its first id */
	int64	   *ids;
	int32	   *numbers;		/* in both: the id's number + 1; 0: absent */
	uint64		mask;
	int			n;
	int			capacity;
} IdMap;

/*
 * Room for capacity ids.  The directory may cover ids up to 64 times the
 * capacity (and at least 16 pages' worth); the pages may hold up to 4 times
 * as many slots as there are ids, plus 16 pages, so that they take at most
 * about 16 bytes an id whatever the ids are.  The hash table, if any id
 * needs it, takes 24 to 48 bytes an id of the capacity, as before.
 */
static inline void
id_map_init(IdMap *map, int capacity)
{
	memset(map, 0, sizeof(*map));
	map->capacity = Max(capacity, 1);
	map->max_dir = Max((int64) map->capacity * 64 / ID_MAP_PAGE_IDS, 16);
	map->pages_left = (int64) map->capacity * 4 / ID_MAP_PAGE_IDS + 16;
}

/* The page slot of id, or NULL if its range has no page. */
static inline int32 *
id_map_slot(const IdMap *map, int64 id)
{
	int64		d = id >> ID_MAP_PAGE_BITS;

	if (id < 0 || d >= map->n_dir || map->pages[d] == NULL)
		return NULL;
	return &map->pages[d][id & (ID_MAP_PAGE_IDS - 1)];
}

static inline int
id_map_hash_find(const IdMap *map, int64 id)
{
	uint64		i;

	if (map->numbers == NULL)
		return -1;
	for (i = registry_id_hash(id) & map->mask;; i = (i + 1) & map->mask)
	{
		if (map->numbers[i] == 0)
			return -1;
		if (map->ids[i] == id)
			return map->numbers[i] - 1;
	}
}

/* The number of id, or -1 if absent. */
static inline int
id_map_find(const IdMap *map, int64 id)
{
	int32	   *slot = id_map_slot(map, id);

	if (slot != NULL)
		return *slot - 1;
	return id_map_hash_find(map, id);
}

/* A page for id's range if the budget allows; else NULL. */
static inline int32 *
id_map_new_slot(IdMap *map, int64 id)
{
	int64		d = id >> ID_MAP_PAGE_BITS;

	if (id < 0 || d >= map->max_dir || map->pages_left == 0)
		return NULL;
	if (d >= map->n_dir)
	{
		int64		n_dir = Max(map->n_dir * 2, 16);

		while (n_dir <= d)
			n_dir *= 2;
		n_dir = Min(n_dir, map->max_dir);
		if (map->pages == NULL)
			map->pages = palloc0(sizeof(int32 *) * n_dir);
		else
		{
			map->pages = repalloc(map->pages, sizeof(int32 *) * n_dir);
			memset(map->pages + map->n_dir, 0, sizeof(int32 *) * (n_dir - map->n_dir));
		}
		map->n_dir = n_dir;
	}
	if (map->pages[d] == NULL)
	{
		map->pages[d] = palloc0(sizeof(int32) * ID_MAP_PAGE_IDS);
		map->pages_left--;
	}
	return &map->pages[d][id & (ID_MAP_PAGE_IDS - 1)];
}

static inline int
id_map_hash_add(IdMap *map, int64 id, bool *added)
{
	uint64		i;

	if (map->numbers == NULL)
	{
		uint64		slots;

		for (slots = 16; slots < (uint64) map->capacity * 2; slots <<= 1)
			;
		map->ids = palloc_extended(sizeof(int64) * slots, MCXT_ALLOC_HUGE);
		map->numbers = palloc_extended(sizeof(int32) * slots, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		map->mask = slots - 1;
	}
	for (i = registry_id_hash(id) & map->mask;; i = (i + 1) & map->mask)
	{
		if (map->numbers[i] == 0)
		{
			map->ids[i] = id;
			map->numbers[i] = ++map->n;
			*added = true;
			return map->n - 1;
		}
		if (map->ids[i] == id)
			return map->numbers[i] - 1;
	}
}

/* The number of id, the next one if it is new (then *added is set). */
static inline int
id_map_add(IdMap *map, int64 id, bool *added)
{
	int32	   *slot = id_map_slot(map, id);

	*added = false;
	if (slot != NULL && *slot != 0)
		return *slot - 1;
	if (slot == NULL)
	{
		int			k = id_map_hash_find(map, id);

		if (k >= 0)
			return k;
	}
	if (map->n >= map->capacity)
		elog(ERROR, "more than the %d ids an id map was sized for", map->capacity);
	if (slot == NULL)
		slot = id_map_new_slot(map, id);
	if (slot == NULL)
		return id_map_hash_add(map, id, added);
	*slot = ++map->n;
	*added = true;
	return map->n - 1;
}

/* Gives back the map's memory before its context ends. */
static inline void
id_map_free(IdMap *map)
{
	int64		d;

	for (d = 0; d < map->n_dir; d++)
		if (map->pages[d] != NULL)
			pfree(map->pages[d]);
	if (map->pages != NULL)
		pfree(map->pages);
	if (map->ids != NULL)
	{
		pfree(map->ids);
		pfree(map->numbers);
	}
	memset(map, 0, sizeof(*map));
}

#endif							/* CA_ID_MAP_H */
