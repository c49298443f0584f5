// replaced-by DOC: which tasks replaced a document?
// Documents that SUPERSEDE it, directly or through a chain (up to 6 steps), and the
// tasks they ASSIGN. $doc_ids: the ids the document's number resolves to (a number is
// unique only per issuer and year, so there may be several).
// The first MATCH only collects the replacing documents' ids; their tasks are reached
// through `new.id IN new_ids` (LadybugDB then reads just those documents' ASSIGNS; a
// MATCH on the documents bound by the chain hash-joins against every Task instead), and
// the chain is walked again from each of them for its length.
// Branch 1: a superseded document known only by citation (not in_corpus): the new tasks,
// no task-level columns. Branches 2 and 3, where its tasks are loaded (in_corpus): each
// new task with the old task it takes over (Task REPLACES Task, graph/task_links.py) —
// `change` 'kept' (score >= 0.95) or 'reworded' — or 'new' when it takes over none; and
// each old task no task of the direct successor takes over, 'dropped'. (run_named runs
// only the branches the documents' in_corpus reaches: LadybugDB reads the whole Task
// table for a REPLACES step.) Body provisions are never 'new' nor 'dropped' (a document's
// appendix rows detail them); one taken over (REPLACES) is still 'kept' or 'reworded'.
// Tasks are matched to a document by Task.doc_id, not through ASSIGNS: LadybugDB then
// reads only the tasks at hand (tests/test_query_plans.py).
MATCH (new:Document)-[:SUPERSEDES*1..6]->(old:Document)
WHERE old.id IN $doc_ids AND new.id <> old.id
WITH collect(new.id) AS new_ids
MATCH (new:Document)-[:ASSIGNS]->(t:Task)
WHERE new.id IN new_ids
WITH new, t
MATCH p = (new)-[:SUPERSEDES*1..6]->(old:Document)
WHERE old.id IN $doc_ids AND new.id <> old.id
WITH old, new, t, min(length(p)) AS hops
WHERE NOT old.in_corpus
RETURN old.id AS replaced_id,
       new.id AS doc_id,
       new.number AS number,
       hops,
       t.id AS task_id,
       t.origin AS origin,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       t.due AS due,
       CASE WHEN false THEN '' END AS old_task_id,
       CASE WHEN false THEN '' END AS old_no,
       CASE WHEN false THEN '' END AS old_text,
       CASE WHEN false THEN 0.0 END AS score,
       CASE WHEN false THEN '' END AS change
UNION ALL
MATCH (new:Document)-[:SUPERSEDES*1..6]->(old:Document)
WHERE old.id IN $doc_ids AND new.id <> old.id
WITH collect(new.id) AS new_ids
MATCH (new:Document)-[:ASSIGNS]->(t:Task)
WHERE new.id IN new_ids
WITH new, t
MATCH p = (new)-[:SUPERSEDES*1..6]->(old:Document)
WHERE old.id IN $doc_ids AND new.id <> old.id
WITH old, new, t, min(length(p)) AS hops
WHERE old.in_corpus
OPTIONAL MATCH (t)-[r:REPLACES]->(o:Task)
WHERE o.doc_id = old.id
RETURN old.id AS replaced_id,
       new.id AS doc_id,
       new.number AS number,
       hops,
       t.id AS task_id,
       t.origin AS origin,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       t.due AS due,
       o.id AS old_task_id,
       o.no AS old_no,
       o.text AS old_text,
       r.score AS score,
       CASE WHEN o.id IS NOT NULL AND r.score >= 0.95 THEN 'kept'
            WHEN o.id IS NOT NULL THEN 'reworded'
            WHEN t.origin = 'body' THEN CASE WHEN false THEN '' END
            ELSE 'new' END AS change
UNION ALL
MATCH (new:Document)-[:SUPERSEDES]->(old:Document)
WHERE old.id IN $doc_ids AND new.id <> old.id
WITH collect(old.id) AS old_ids
MATCH (old:Document)-[:ASSIGNS]->(o:Task)
WHERE old.id IN old_ids
WITH old, o
MATCH (new:Document)-[:SUPERSEDES]->(old)
WHERE new.id <> old.id AND o.origin <> 'body'
  AND NOT EXISTS { MATCH (x:Task)-[:REPLACES]->(o) WHERE x.doc_id = new.id }
RETURN old.id AS replaced_id,
       new.id AS doc_id,
       new.number AS number,
       1 AS hops,
       CASE WHEN false THEN '' END AS task_id,
       CASE WHEN false THEN '' END AS origin,
       CASE WHEN false THEN '' END AS no,
       CASE WHEN false THEN '' END AS text,
       CASE WHEN false THEN '' END AS deadline_text,
       CASE WHEN false THEN '' END AS due,
       o.id AS old_task_id,
       o.no AS old_no,
       o.text AS old_text,
       CASE WHEN false THEN 0.0 END AS score,
       'dropped' AS change
