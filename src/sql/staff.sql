-- staff: which divisions each database user works for.  Row-level security
-- (src/sql/roles.sql) and the report views scope every row by these
-- divisions with <@, so a clerk of 450107 sees 西乡塘区 only and a user of
-- 4501 sees all of 南宁市.  Comes before reports.sql, whose views use it.

CREATE TABLE civil_affairs.staff (
    user_name name NOT NULL,
    division  civil_affairs.adcode NOT NULL,
    PRIMARY KEY (user_name, division)
);
COMMENT ON TABLE civil_affairs.staff IS
    '工作人员辖区：数据库用户负责的区划（可多个）；行级安全与报表视图按此限定可见范围。Staff scope: the divisions each database user works for (one or more); row-level security and the report views show only rows within them.';
COMMENT ON COLUMN civil_affairs.staff.user_name IS '数据库用户名（登录用户）。Database user (a login role).';
COMMENT ON COLUMN civil_affairs.staff.division IS '负责的区划，含其下级。Division, with everything below it.';
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.staff', '');

-- A user's divisions: NULL for a role that bypasses row-level security (a
-- superuser, a BYPASSRLS role), empty for a user with no staff rows.
-- SECURITY DEFINER, so that the staff table's own policies, which call it,
-- do not call themselves.
CREATE FUNCTION civil_affairs.staff_scope_of(user_name name) RETURNS civil_affairs.adcode[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT CASE WHEN r.rolsuper OR r.rolbypassrls THEN NULL
                ELSE coalesce((SELECT array_agg(s.division ORDER BY s.division) FROM civil_affairs.staff s
                                WHERE s.user_name = staff_scope_of.user_name), '{}') END
      FROM pg_catalog.pg_roles r WHERE r.rolname = staff_scope_of.user_name;
END;
COMMENT ON FUNCTION civil_affairs.staff_scope_of(name) IS
    '某用户的辖区（staff 表）；超级用户与 BYPASSRLS 角色为空值（全部可见），无辖区者为空数组。A user''s divisions from civil_affairs.staff; NULL (everything) for a superuser or BYPASSRLS role, empty for a user without staff rows.';
REVOKE ALL ON FUNCTION civil_affairs.staff_scope_of(name) FROM PUBLIC;

-- The current user's divisions.  Callers wrap it in a scalar subquery, so a
-- query computes it once.
CREATE FUNCTION civil_affairs.staff_scope() RETURNS civil_affairs.adcode[]
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN civil_affairs.staff_scope_of(current_user);
COMMENT ON FUNCTION civil_affairs.staff_scope() IS
    '当前用户的辖区，见 staff_scope_of。The current user''s divisions; see staff_scope_of.';

-- In C (src/pg/staff_scope.c): the policies call it on every row, and its
-- support function estimates how many rows are in scope from the division
-- column's statistics.  Same as
--     scope IS NULL OR coalesce(division <@ ANY (scope), false)
CREATE FUNCTION civil_affairs.staff_sees_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'staff_sees_support' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.staff_sees_support(internal) IS
    'staff_sees 的规划器支持函数：按区划列统计估计辖区内行数。Planner support for staff_sees: estimates the rows in scope from the division column''s statistics.';
CREATE FUNCTION civil_affairs.staff_sees(division civil_affairs.adcode, scope civil_affairs.adcode[])
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'staff_sees' LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT civil_affairs.staff_sees_support;
COMMENT ON FUNCTION civil_affairs.staff_sees(civil_affairs.adcode, civil_affairs.adcode[]) IS
    '区划是否在辖区内（辖区为空值时全部可见）。Whether a division lies within a scope (a NULL scope sees everything).';
