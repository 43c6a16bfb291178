-- restore: what pg_restore needs from the extension's triggers.
--
-- A dump restores the extension's tables by COPY after CREATE EXTENSION.
-- Registry, enrolment and payroll rows are history: replayed as they were,
-- they must not pass through the triggers that act on new entries (the
-- enrolment trigger writes a creation event and refuses an enrolment that is
-- not pending or active; the registry triggers mark households for
-- reassessment).  PostgreSQL's switch for replaying rows is
-- session_replication_role = replica (superuser only), under which ordinary
-- triggers, foreign-key checks included, do not fire:
--
--     PGOPTIONS='-c session_replication_role=replica' pg_restore -d newdb city.dump
--
-- The city's rows in the reference and policy tables, on the other hand, must
-- replace or supersede the rows CREATE EXTENSION has just shipped, and every
-- backend's policy cache must hear of it.  Those triggers fire always, in
-- replica mode too (also on a logical-replication subscriber).
-- docs/operations.md, "Backup and restore".

ALTER TABLE civil_affairs.division ENABLE ALWAYS TRIGGER division_replace_shipped;
ALTER TABLE civil_affairs.division_change ENABLE ALWAYS TRIGGER division_change_replace_shipped;
ALTER TABLE civil_affairs.policy_parameter ENABLE ALWAYS TRIGGER policy_parameter_replace_shipped;
ALTER TABLE civil_affairs.income_item ENABLE ALWAYS TRIGGER income_item_replace_shipped;
ALTER TABLE civil_affairs.policy_value ENABLE ALWAYS TRIGGER policy_value_supersede_shipped;
ALTER TABLE civil_affairs.income_item_rule ENABLE ALWAYS TRIGGER income_item_rule_supersede_shipped;
ALTER TABLE civil_affairs.policy_value ENABLE ALWAYS TRIGGER policy_value_changed;
ALTER TABLE civil_affairs.income_item_rule ENABLE ALWAYS TRIGGER income_item_rule_changed;
ALTER TABLE civil_affairs.income_item ENABLE ALWAYS TRIGGER income_item_changed;
ALTER TABLE civil_affairs.placename_generic_term ENABLE ALWAYS TRIGGER placename_generic_term_replace_shipped;
ALTER TABLE civil_affairs.placename_word ENABLE ALWAYS TRIGGER placename_word_replace_shipped;
ALTER TABLE civil_affairs.address_term ENABLE ALWAYS TRIGGER address_term_replace_shipped;
ALTER TABLE civil_affairs.division ENABLE ALWAYS TRIGGER division_address_index;
ALTER TABLE civil_affairs.division_change ENABLE ALWAYS TRIGGER division_change_address_index;
ALTER TABLE civil_affairs.address_term ENABLE ALWAYS TRIGGER address_term_address_index;
