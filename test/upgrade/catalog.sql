-- catalog.sql: the extension civil_affairs as the catalogs describe it, one
-- fact per line, sorted, without OIDs: every member object; functions with
-- their full definition (signature, volatility, parallel safety, strictness,
-- settings, body); types, operators, operator classes and families, casts,
-- collations; tables with columns, constraints, indexes, triggers, row
-- security and policies; views; sequences; privileges; comments in full;
-- the extension's configuration tables.  test/upgrade/run.sh diffs it
-- between an updated and a fresh install.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset null '(null)'
CREATE TEMP VIEW member AS
SELECT d.classid, d.objid, pg_catalog.pg_describe_object(d.classid, d.objid, 0) AS object
  FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
 WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
   AND e.extname = 'civil_affairs';

WITH fact(object, line) AS (
    SELECT object, 'member' FROM member
  UNION ALL
    -- Comments, also on columns; the full text.
    SELECT m.object, 'comment: ' || coalesce(pg_catalog.obj_description(m.objid, c.relname), '(none)')
      FROM member m JOIN pg_catalog.pg_class c ON c.oid = m.classid
  UNION ALL
    SELECT m.object || ' column ' || a.attname, 'comment: ' || coalesce(pg_catalog.col_description(a.attrelid, a.attnum), '(none)')
      FROM member m JOIN pg_catalog.pg_attribute a ON a.attrelid = m.objid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE m.classid = 'pg_catalog.pg_class'::regclass
  UNION ALL
    -- Functions: the definition pg_dump would write, line by line.
    SELECT m.object, format('def %s: %s', lpad(l.n::text, 4, '0'), l.line)
      FROM member m JOIN pg_catalog.pg_proc p ON p.oid = m.objid AND m.classid = 'pg_catalog.pg_proc'::regclass
     CROSS JOIN LATERAL pg_catalog.regexp_split_to_table(
         CASE WHEN p.prokind IN ('f', 'p') THEN pg_catalog.pg_get_functiondef(p.oid) ELSE p.prokind::text END, E'\n')
         WITH ORDINALITY AS l(line, n)
  UNION ALL
    SELECT m.object, format('proc kind=%s volatile=%s parallel=%s strict=%s secdef=%s leakproof=%s cost=%s rows=%s support=%s lang=%s acl=%s',
                            p.prokind, p.provolatile, p.proparallel, p.proisstrict, p.prosecdef, p.proleakproof,
                            p.procost, p.prorows, p.prosupport, l.lanname, p.proacl)
      FROM member m JOIN pg_catalog.pg_proc p ON p.oid = m.objid AND m.classid = 'pg_catalog.pg_proc'::regclass
      JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  UNION ALL
    SELECT m.object, format('aggregate sfunc=%s stype=%s final=%s combine=%s init=%s sortop=%s',
                            a.aggtransfn, a.aggtranstype::regtype, a.aggfinalfn, a.aggcombinefn, a.agginitval,
                            a.aggsortop::regoperator)
      FROM member m JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = m.objid AND m.classid = 'pg_catalog.pg_proc'::regclass
  UNION ALL
    -- Types.
    SELECT m.object, format('type len=%s byval=%s type=%s category=%s preferred=%s delim=%s align=%s storage=%s notnull=%s '
                            'in=%s out=%s recv=%s send=%s typmodin=%s analyze=%s subscript=%s basetype=%s collation=%s default=%s acl=%s',
                            t.typlen, t.typbyval, t.typtype, t.typcategory, t.typispreferred, t.typdelim, t.typalign, t.typstorage,
                            t.typnotnull, t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typanalyze,
                            t.typsubscript, t.typbasetype::regtype, t.typcollation::regcollation, t.typdefault, t.typacl)
      FROM member m JOIN pg_catalog.pg_type t ON t.oid = m.objid AND m.classid = 'pg_catalog.pg_type'::regclass
  UNION ALL
    SELECT m.object, 'domain constraint ' || c.conname || ': ' || pg_catalog.pg_get_constraintdef(c.oid)
      FROM member m JOIN pg_catalog.pg_constraint c ON c.contypid = m.objid AND m.classid = 'pg_catalog.pg_type'::regclass
  UNION ALL
    SELECT m.object, 'enum ' || e.enumsortorder || ' ' || e.enumlabel
      FROM member m JOIN pg_catalog.pg_enum e ON e.enumtypid = m.objid AND m.classid = 'pg_catalog.pg_type'::regclass
  UNION ALL
    -- Operators.
    SELECT m.object, format('operator kind=%s result=%s code=%s commutator=%s negator=%s restrict=%s join=%s hashes=%s merges=%s',
                            o.oprkind, o.oprresult::regtype, o.oprcode, o.oprcom::regoperator, o.oprnegate::regoperator,
                            o.oprrest, o.oprjoin, o.oprcanhash, o.oprcanmerge)
      FROM member m JOIN pg_catalog.pg_operator o ON o.oid = m.objid AND m.classid = 'pg_catalog.pg_operator'::regclass
  UNION ALL
    -- Operator classes and families with every operator and support function.
    SELECT m.object, format('opclass type=%s default=%s family=%s storage=%s',
                            c.opcintype::regtype, c.opcdefault, pg_catalog.pg_describe_object('pg_catalog.pg_opfamily'::regclass, c.opcfamily, 0),
                            c.opckeytype::regtype)
      FROM member m JOIN pg_catalog.pg_opclass c ON c.oid = m.objid AND m.classid = 'pg_catalog.pg_opclass'::regclass
  UNION ALL
    SELECT m.object, format('amop %s(%s,%s) %s %s order-by=%s',
                            o.amopstrategy, o.amoplefttype::regtype, o.amoprighttype::regtype, o.amopopr::regoperator,
                            o.amoppurpose, o.amopsortfamily)
      FROM member m JOIN pg_catalog.pg_amop o ON o.amopfamily = m.objid AND m.classid = 'pg_catalog.pg_opfamily'::regclass
  UNION ALL
    SELECT m.object, format('amproc %s(%s,%s) %s', p.amprocnum, p.amproclefttype::regtype, p.amprocrighttype::regtype,
                            p.amproc::regprocedure)
      FROM member m JOIN pg_catalog.pg_amproc p ON p.amprocfamily = m.objid AND m.classid = 'pg_catalog.pg_opfamily'::regclass
  UNION ALL
    SELECT m.object, format('cast function=%s context=%s method=%s', c.castfunc::regprocedure, c.castcontext, c.castmethod)
      FROM member m JOIN pg_catalog.pg_cast c ON c.oid = m.objid AND m.classid = 'pg_catalog.pg_cast'::regclass
  UNION ALL
    SELECT m.object, format('collation provider=%s deterministic=%s collate=%s ctype=%s icu=%s',
                            c.collprovider, c.collisdeterministic, c.collcollate, c.collctype, c.colliculocale)
      FROM member m JOIN pg_catalog.pg_collation c ON c.oid = m.objid AND m.classid = 'pg_catalog.pg_collation'::regclass
  UNION ALL
    -- Relations: kind, options, row security, privileges.
    SELECT m.object, format('relation kind=%s persistence=%s options=%s rls=%s force_rls=%s acl=%s partitioned-by=%s',
                            c.relkind, c.relpersistence, c.reloptions, c.relrowsecurity, c.relforcerowsecurity, c.relacl,
                            CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END)
      FROM member m JOIN pg_catalog.pg_class c ON c.oid = m.objid AND m.classid = 'pg_catalog.pg_class'::regclass
  UNION ALL
    -- Columns in their order: an added column must come last in a fresh install too.
    SELECT m.object, format('column %s %s %s notnull=%s default=%s identity=%s generated=%s collation=%s acl=%s',
                            a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                            pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,
                            a.attcollation::regcollation, a.attacl)
      FROM member m JOIN pg_catalog.pg_attribute a ON a.attrelid = m.objid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
     WHERE m.classid = 'pg_catalog.pg_class'::regclass
  UNION ALL
    SELECT m.object, format('constraint %s: %s deferrable=%s deferred=%s', c.conname, pg_catalog.pg_get_constraintdef(c.oid),
                            c.condeferrable, c.condeferred)
      FROM member m JOIN pg_catalog.pg_constraint c ON c.conrelid = m.objid AND m.classid = 'pg_catalog.pg_class'::regclass
  UNION ALL
    SELECT m.object, 'index ' || pg_catalog.pg_get_indexdef(i.indexrelid)
                     || coalesce(' comment: ' || pg_catalog.obj_description(i.indexrelid, 'pg_class'), '')
      FROM member m JOIN pg_catalog.pg_index i ON i.indrelid = m.objid AND m.classid = 'pg_catalog.pg_class'::regclass
  UNION ALL
    SELECT m.object, 'trigger ' || pg_catalog.pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
                     || coalesce(' comment: ' || pg_catalog.obj_description(t.oid, 'pg_trigger'), '')
      FROM member m JOIN pg_catalog.pg_trigger t ON t.tgrelid = m.objid AND NOT t.tgisinternal
     WHERE m.classid = 'pg_catalog.pg_class'::regclass
  UNION ALL
    SELECT m.object, format('policy %s %s %s to %s using %s check %s comment %s', p.polname, p.polcmd,
                            CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END,
                            (SELECT pg_catalog.string_agg(CASE r WHEN 0 THEN 'public' ELSE r::regrole::text END, ',' ORDER BY 1)
                               FROM unnest(p.polroles) r),
                            pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid),
                            pg_catalog.obj_description(p.oid, 'pg_policy'))
      FROM member m JOIN pg_catalog.pg_policy p ON p.polrelid = m.objid AND m.classid = 'pg_catalog.pg_class'::regclass
  UNION ALL
    SELECT m.object || ' rule ' || r.rulename, format('def %s: %s', lpad(l.n::text, 4, '0'), l.line)
      FROM member m JOIN pg_catalog.pg_rewrite r ON r.ev_class = m.objid AND m.classid = 'pg_catalog.pg_class'::regclass
     CROSS JOIN LATERAL pg_catalog.regexp_split_to_table(pg_catalog.pg_get_ruledef(r.oid), E'\n') WITH ORDINALITY AS l(line, n)
  UNION ALL
    SELECT m.object, format('sequence type=%s start=%s increment=%s min=%s max=%s cache=%s cycle=%s',
                            s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
      FROM member m JOIN pg_catalog.pg_sequence s ON s.seqrelid = m.objid AND m.classid = 'pg_catalog.pg_class'::regclass
  UNION ALL
    -- Objects the extension owns outside pg_depend 'e': the schema.
    SELECT 'schema civil_affairs', format('acl=%s comment: %s', n.nspacl, pg_catalog.obj_description(n.oid, 'pg_namespace'))
      FROM pg_catalog.pg_namespace n WHERE n.nspname = 'civil_affairs'
  UNION ALL
    SELECT 'extension civil_affairs', format('version=%s relocatable=%s schema=%s', e.extversion, e.extrelocatable, e.extnamespace::regnamespace)
      FROM pg_catalog.pg_extension e WHERE e.extname = 'civil_affairs'
  UNION ALL
    SELECT 'extension civil_affairs', format('dumped %s %s', cfg.rel::regclass, cfg.cond)
      FROM pg_catalog.pg_extension e,
           unnest(e.extconfig, e.extcondition) AS cfg(rel, cond)
     WHERE e.extname = 'civil_affairs'
)
SELECT object || ' | ' || line FROM fact ORDER BY object COLLATE "C", line COLLATE "C";
