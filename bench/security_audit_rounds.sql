-- security_audit_rounds.sql: five audited and five plain UPDATEs of every
-- household, alternating, each after a VACUUM so that neither side gets the
-- fresher table; recorded in update_runs under :phase (bench/security.sql).
-- Five rather than three: the machine's slow spells last longer than a
-- round, and the best of each side should come from its quiet minutes.
-- \gexec runs each generated statement on its own, as VACUUM needs.
SELECT 'VACUUM civil_affairs.household',
       format('INSERT INTO update_runs SELECT %L, %s, pg_temp.update_households(%s)', :'phase', audited::text, audited::text)
  FROM generate_series(1, 5) AS round, (VALUES (true), (false)) AS side(audited)
 ORDER BY round, NOT audited \gexec
