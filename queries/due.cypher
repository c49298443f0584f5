// due [--before DATE] [--after DATE] [--agency A] [--overdue-as-of DATE]: tasks by due date.
// $before / $after       ISO dates or null: due on or before / on or after
// $overdue_as_of         ISO date or null: only tasks due strictly before it
// $agency_id             null, or only tasks given to this agency or to a predecessor
// Tasks without a due date are not listed. Nulls are read through coalesce() (LadybugDB
// types a bare null parameter as BOOL).
// Two branches, so that with an agency the work grows with its tasks, not with the graph:
// the first reads every dated Task (only when no agency is given), the second starts
// from the agency's id, collects its and its predecessors' ids (SUCCEEDED_BY*0..6) and
// reaches their tasks through `holder.id IN ids` (see owns.cypher for why). LadybugDB
// still scans every Task in the first branch when an agency is given, so run_named runs
// only the branch the parameters reach (queries/named.py, `branches`).
// The window is tested on the parameters themselves (coalesce($before, …)), not on
// variables of an earlier WITH, and the OPTIONAL MATCH of the leads matches only lead
// assignments ({role: 'lead'}): on 3,000 documents this reads the 31,000 tasks of a
// window in two thirds of the time a CASE over every assignment took.
//
// 1. all dated tasks in the window, when no agency is given
MATCH (d:Document)-[:ASSIGNS]->(t:Task)
WHERE coalesce($agency_id, '') = ''
  AND t.due IS NOT NULL
  AND t.due <= coalesce($before, '9999-12-31')
  AND t.due >= coalesce($after, '0000-01-01')
  AND t.due < coalesce($overdue_as_of, '9999-12-31')
OPTIONAL MATCH (t)-[r:ASSIGNED_TO {role: 'lead'}]->(lead:Agency)
RETURN t.due AS due,
       d.id AS doc_id,
       d.number AS number,
       t.id AS task_id,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       collect(lead.name) AS leads
UNION ALL
// 2. the dated tasks given to the agency or to a predecessor
MATCH (holder:Agency)-[:SUCCEEDED_BY*0..6]->(a:Agency {id: coalesce($agency_id, '')})
WITH collect(holder.id) AS holder_ids
MATCH (d:Document)-[:ASSIGNS]->(t:Task)-[:ASSIGNED_TO]->(holder:Agency)
WHERE holder.id IN holder_ids
WITH DISTINCT d, t
WHERE t.due IS NOT NULL
  AND t.due <= coalesce($before, '9999-12-31')
  AND t.due >= coalesce($after, '0000-01-01')
  AND t.due < coalesce($overdue_as_of, '9999-12-31')
OPTIONAL MATCH (t)-[r:ASSIGNED_TO {role: 'lead'}]->(lead:Agency)
RETURN t.due AS due,
       d.id AS doc_id,
       d.number AS number,
       t.id AS task_id,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       collect(lead.name) AS leads
