-- lib.sql: timing helpers shared by the benchmark scripts (\ir lib.sql).
-- Every figure is the best of several runs, measured inside the server, and
-- reported next to a reference measured in the same session.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

-- Best-of-N wall times of several statements run in turn, round by round
-- (s1, s2, ..., s1, s2, ...), so that each meets the caches the others
-- leave, as in use; milliseconds, in the order given.
CREATE FUNCTION pg_temp.alternating_best_ms(statements text[], runs integer) RETURNS numeric[]
LANGUAGE plpgsql AS $$
DECLARE
    best numeric[] := array_fill(NULL::numeric, ARRAY[cardinality(statements)]);
    started timestamptz;
BEGIN
    FOR r IN 1 .. runs LOOP
        FOR i IN 1 .. cardinality(statements) LOOP
            started := clock_timestamp();
            EXECUTE statements[i];
            best[i] := least(best[i], extract(epoch FROM clock_timestamp() - started) * 1000);
        END LOOP;
    END LOOP;
    RETURN (SELECT array_agg(round(b, 1) ORDER BY n) FROM unnest(best) WITH ORDINALITY AS u(b, n));
END $$;

-- Best-of-N wall time of a statement, in milliseconds.
CREATE FUNCTION pg_temp.best_ms(statement text, runs integer DEFAULT 5) RETURNS numeric
LANGUAGE sql AS $$ SELECT (pg_temp.alternating_best_ms(ARRAY[statement], runs))[1] $$;

-- A line of the report: what, our figure, the reference, the ratio, the aim.
CREATE TEMP TABLE bench_result (
    benchmark text, measured_ms numeric, reference text, reference_ms numeric,
    ratio numeric GENERATED ALWAYS AS (round(measured_ms / nullif(reference_ms, 0), 2)) STORED,
    aim text
);
