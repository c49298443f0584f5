// due [--before DATE] [--after DATE] [--agency A] [--overdue-as-of DATE]: tasks by due date.
// $before / $after       ISO dates or null: due on or before / on or after
// $overdue_as_of         ISO date or null: only tasks due strictly before it
// $agency_id             null, or only tasks given to this agency or to a predecessor
// Tasks without a due date are not listed. Nulls are read through coalesce() (LadybugDB
// types a bare null parameter as BOOL).
WITH coalesce($before, '9999-12-31') AS before,
     coalesce($after, '0000-01-01') AS after,
     coalesce($overdue_as_of, '9999-12-31') AS overdue_as_of,
     coalesce($agency_id, '') AS agency_id
MATCH (d:Document)-[:ASSIGNS]->(t:Task)
WHERE t.due IS NOT NULL
  AND t.due <= before
  AND t.due >= after
  AND t.due < overdue_as_of
  AND (agency_id = ''
       OR EXISTS { MATCH (t)-[:ASSIGNED_TO]->(a:Agency) WHERE a.id = agency_id }
       OR EXISTS { MATCH (t)-[:ASSIGNED_TO]->(:Agency)-[:SUCCEEDED_BY*1..6]->(a:Agency)
                   WHERE a.id = agency_id })
OPTIONAL MATCH (t)-[r:ASSIGNED_TO]->(lead:Agency)
WHERE r.role = 'lead'
RETURN t.due AS due,
       d.id AS doc_id,
       d.number AS number,
       t.id AS task_id,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       collect(lead.name) AS leads
