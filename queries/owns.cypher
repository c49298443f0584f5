// owns AGENCY: the tasks and indicators an agency owns, including what it inherited.
// $agency_id   the agency
// $role        'lead' | 'coordinate' | null (any); indicators count as 'lead' (monitoring)
// $as_of       ISO date or null: only successions dated on or before it are inherited
// $with_collectives  true: add tasks given to collectives the agency is a MEMBER_OF
// Every route comes back (a task named directly and again through a group): run_named
// keeps one row per item on its strongest route (queries/owns_split.py), so `owns`, the
// sheets and the page agree; the role filter is applied there, after that choice.
// `how` and `since` are left null here, in their places among the columns: settling fills
// them in (a 100,000-row answer is not rebuilt to put two columns in order).
// A null parameter is read through coalesce(): LadybugDB types a bare null parameter as
// BOOL, so `$as_of IS NULL OR x <= $as_of` fails to bind there. `CASE WHEN false THEN ''
// END` is a typed null (STRING), which LadybugDB needs for a null column in a UNION.
//
// Written so the work grows with the answer, not with the graph (issue 8): every branch
// starts from the agency's primary key. The agency's own tasks (1a, nearly all rows) are
// one chain of single steps, which LadybugDB walks from the key. A variable-length step
// followed by more pattern makes it hash-join against a scan of every Task instead, so
// the branches that need one (predecessors, collectives) first collect the few agency
// ids it reaches, then match `holder.id IN ids`, and filter on the role only after that
// MATCH (a role test in its WHERE also tips the planner into scanning).
//
// 1a. tasks given to the agency itself
WITH coalesce($role, '') AS role
MATCH (d:Document)-[:ASSIGNS]->(t:Task)-[r:ASSIGNED_TO]->(a:Agency {id: $agency_id})
WHERE role = '' OR r.role = role
RETURN 'task' AS item,
       t.id AS item_id,
       d.id AS doc_id,
       d.number AS number,
       d.issued AS issued,
       t.no AS no,
       t.text AS text,
       r.role AS role,
       CASE WHEN false THEN '' END AS how,
       t.deadline_text AS deadline_text,
       t.due AS due,
       CASE WHEN false THEN '' END AS target,
       CASE WHEN false THEN '' END AS inherited_from,
       CASE WHEN false THEN '' END AS since,
       CASE WHEN false THEN '' END AS via_collective
UNION ALL
// 1b. tasks inherited from a predecessor (SUCCEEDED_BY chain, every step dated <= as_of)
WITH coalesce($as_of, '9999-12-31') AS as_of
MATCH p = (holder:Agency)-[:SUCCEEDED_BY*1..6]->(a:Agency {id: $agency_id})
WHERE holder.id <> a.id AND all(s IN relationships(p) WHERE coalesce(s.date, '') <= as_of)
WITH collect(holder.id) AS holder_ids
MATCH (d:Document)-[:ASSIGNS]->(t:Task)-[r:ASSIGNED_TO]->(holder:Agency)
WHERE holder.id IN holder_ids
WITH d, t, r, holder, coalesce($role, '') AS role
WHERE role = '' OR r.role = role
RETURN DISTINCT 'task' AS item,
       t.id AS item_id,
       d.id AS doc_id,
       d.number AS number,
       d.issued AS issued,
       t.no AS no,
       t.text AS text,
       r.role AS role,
       CASE WHEN false THEN '' END AS how,
       t.deadline_text AS deadline_text,
       t.due AS due,
       CASE WHEN false THEN '' END AS target,
       holder.name AS inherited_from,
       CASE WHEN false THEN '' END AS since,
       CASE WHEN false THEN '' END AS via_collective
UNION ALL
// 2. tasks given to a collective the agency belongs to ("Các sở, ban, ngành", …)
WITH coalesce($with_collectives, false) AS with_collectives
MATCH (a:Agency {id: $agency_id})-[:MEMBER_OF*1..4]->(c:Agency)
WHERE with_collectives
WITH collect(c.id) AS collective_ids
MATCH (d:Document)-[:ASSIGNS]->(t:Task)-[r:ASSIGNED_TO]->(c:Agency)
WHERE c.id IN collective_ids
WITH d, t, r, c, coalesce($role, '') AS role
WHERE role = '' OR r.role = role
RETURN DISTINCT 'task' AS item,
       t.id AS item_id,
       d.id AS doc_id,
       d.number AS number,
       d.issued AS issued,
       t.no AS no,
       t.text AS text,
       r.role AS role,
       CASE WHEN false THEN '' END AS how,
       t.deadline_text AS deadline_text,
       t.due AS due,
       CASE WHEN false THEN '' END AS target,
       CASE WHEN false THEN '' END AS inherited_from,
       CASE WHEN false THEN '' END AS since,
       c.name AS via_collective
UNION ALL
// 3. indicators the agency (or a predecessor) monitors
WITH coalesce($as_of, '9999-12-31') AS as_of, coalesce($role, 'lead') AS role
MATCH p = (holder:Agency)-[:SUCCEEDED_BY*0..6]->(a:Agency {id: $agency_id})
WHERE role = 'lead' AND all(s IN relationships(p) WHERE coalesce(s.date, '') <= as_of)
WITH a.id AS agency_id, collect(holder.id) AS holder_ids
MATCH (d:Document)-[:SETS]->(i:Indicator)-[:MONITORED_BY]->(holder:Agency)
WHERE holder.id IN holder_ids
RETURN DISTINCT 'indicator' AS item,
       i.id AS item_id,
       d.id AS doc_id,
       d.number AS number,
       d.issued AS issued,
       i.no AS no,
       i.name AS text,
       'monitor' AS role,
       CASE WHEN false THEN '' END AS how,
       CASE WHEN false THEN '' END AS deadline_text,
       CASE WHEN false THEN '' END AS due,
       i.target AS target,
       CASE WHEN holder.id <> agency_id THEN holder.name END AS inherited_from,
       CASE WHEN false THEN '' END AS since,
       CASE WHEN false THEN '' END AS via_collective
