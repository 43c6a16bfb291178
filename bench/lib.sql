-- lib.sql: timing helpers shared by the benchmark scripts (\ir lib.sql).
-- Every figure is the best of several runs, measured inside the server, and
-- reported next to a reference measured in the same session.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

-- Best-of-N wall time of a statement, in milliseconds.
CREATE FUNCTION pg_temp.best_ms(statement text, runs integer DEFAULT 5) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
    best numeric;
    started timestamptz;
    took numeric;
BEGIN
    FOR i IN 1 .. runs LOOP
        started := clock_timestamp();
        EXECUTE statement;
        took := extract(epoch FROM clock_timestamp() - started) * 1000;
        best := least(best, took);
    END LOOP;
    RETURN round(best, 1);
END $$;

-- A line of the report: what, our figure, the reference, the ratio, the aim.
CREATE TEMP TABLE bench_result (
    benchmark text, measured_ms numeric, reference text, reference_ms numeric,
    ratio numeric GENERATED ALWAYS AS (round(measured_ms / nullif(reference_ms, 0), 2)) STORED,
    aim text
);
