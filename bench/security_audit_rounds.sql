-- security_audit_rounds.sql: five audited and five plain UPDATEs of every
-- household, alternating, each after a VACUUM so that neither side gets the
-- fresher table; recorded in update_runs under :phase (bench/security.sql).
-- Five rather than three: the machine's slow spells last longer than a
-- round, and the best of each side should come from its quiet minutes.
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', true, pg_temp.update_households(true);
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', false, pg_temp.update_households(false);
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', true, pg_temp.update_households(true);
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', false, pg_temp.update_households(false);
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', true, pg_temp.update_households(true);
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', false, pg_temp.update_households(false);
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', true, pg_temp.update_households(true);
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', false, pg_temp.update_households(false);
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', true, pg_temp.update_households(true);
VACUUM civil_affairs.household;
INSERT INTO update_runs SELECT :'phase', false, pg_temp.update_households(false);
