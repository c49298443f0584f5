// due [--before DATE] [--after DATE] [--agency A] [--overdue-as-of DATE]: tasks by due date.
// $before / $after       ISO dates or null: due on or before / on or after
// $overdue_as_of         ISO date or null: only tasks due strictly before it
// $agency_id             null, or only tasks given to this agency or to a predecessor
// Tasks without a due date are not listed. Nulls are read through coalesce() (LadybugDB
// types a bare null parameter as BOOL).
// Two branches, so that with an agency the work grows with its tasks, not with the graph:
// the first reads every dated Task (only when no agency is given), the second starts
// from the agency's id, collects its and its predecessors' ids (SUCCEEDED_BY*0..6) and
// reaches their tasks through `holder.id IN ids` (see owns.cypher for why). The leads
// are read per task (OPTIONAL MATCH after WITH, role tested in a CASE), not by joining
// every lead assignment of the graph.
//
// 1. all dated tasks in the window, when no agency is given
WITH coalesce($before, '9999-12-31') AS before,
     coalesce($after, '0000-01-01') AS after,
     coalesce($overdue_as_of, '9999-12-31') AS overdue_as_of
WHERE coalesce($agency_id, '') = ''
MATCH (d:Document)-[:ASSIGNS]->(t:Task)
WHERE t.due IS NOT NULL AND t.due <= before AND t.due >= after AND t.due < overdue_as_of
WITH d, t
OPTIONAL MATCH (t)-[r:ASSIGNED_TO]->(lead:Agency)
WITH d, t, CASE WHEN r.role = 'lead' THEN lead.name END AS lead
RETURN t.due AS due,
       d.id AS doc_id,
       d.number AS number,
       t.id AS task_id,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       collect(lead) AS leads
UNION ALL
// 2. the dated tasks given to the agency or to a predecessor
MATCH (holder:Agency)-[:SUCCEEDED_BY*0..6]->(a:Agency {id: coalesce($agency_id, '')})
WITH collect(holder.id) AS holder_ids
MATCH (d:Document)-[:ASSIGNS]->(t:Task)-[:ASSIGNED_TO]->(holder:Agency)
WHERE holder.id IN holder_ids
WITH DISTINCT d, t,
     coalesce($before, '9999-12-31') AS before,
     coalesce($after, '0000-01-01') AS after,
     coalesce($overdue_as_of, '9999-12-31') AS overdue_as_of
WHERE t.due IS NOT NULL AND t.due <= before AND t.due >= after AND t.due < overdue_as_of
OPTIONAL MATCH (t)-[r:ASSIGNED_TO]->(lead:Agency)
WITH d, t, CASE WHEN r.role = 'lead' THEN lead.name END AS lead
RETURN t.due AS due,
       d.id AS doc_id,
       d.number AS number,
       t.id AS task_id,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       collect(lead) AS leads
