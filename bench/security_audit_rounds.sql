-- security_audit_rounds.sql: three audited and three plain UPDATEs of every
-- household, alternating, each after a VACUUM so that neither side gets the
-- fresher table; recorded in update_runs under :phase (bench/security.sql).
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
