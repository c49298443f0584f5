// replaced-by DOC: which tasks replaced a document?
// Documents that SUPERSEDE it, directly or through a chain (up to 6 steps), and the
// tasks they ASSIGN. $doc_ids: the ids the document's number resolves to (a number is
// unique only per issuer and year, so there may be several).
// A superseded document known only by citation (not in_corpus): the new tasks, no
// task-level columns. Where its tasks are loaded (in_corpus): each new task with the old
// task it takes over (Task REPLACES Task, graph/task_links.py) — `change` 'kept' (score
// >= 0.95) or 'reworded' — or 'new' when it takes over none; and each old task no task
// of a direct successor takes over, 'dropped'. Body provisions are never 'new' nor
// 'dropped' (a document's appendix rows detail them); one taken over (REPLACES) is still
// 'kept' or 'reworded'.
//
// The file returns four parts, each walked from the documents' primary keys, and
// run_named joins them into the answer's rows (queries/parts.py replaced_by_rows), the
// same on every engine. Joined here in Cypher, the REPLACES step (an OPTIONAL MATCH or a
// NOT EXISTS correlated with both the task and the old document) made LadybugDB
// hash-join against every Task and every REPLACES edge: 0.8 s for 228 rows at 100,000
// documents (tests/test_query_plans.py).
// Tasks reach the old document through ASSIGNS (walked from its key), and REPLACES from
// its tasks backwards; `o.doc_id = old.id` keeps the old task's own document, as a task
// names it.
//
// 1. successor: each document superseding one of $doc_ids, the shortest chain, and how
//    many SUPERSEDES edges lead straight to it (its 'dropped' rows come once per edge)
MATCH p = (new:Document)-[:SUPERSEDES*1..6]->(old:Document)
WHERE old.id = $doc_id AND new.id <> old.id
WITH old, new, min(length(p)) AS hops, count(CASE WHEN length(p) = 1 THEN 1 END) AS edges
RETURN 'successor' AS part,
       old.id AS old_id,
       old.in_corpus AS in_corpus,
       new.id AS new_id,
       new.number AS number,
       hops,
       edges,
       CASE WHEN false THEN '' END AS task_id,
       CASE WHEN false THEN '' END AS origin,
       CASE WHEN false THEN '' END AS no,
       CASE WHEN false THEN '' END AS text,
       CASE WHEN false THEN '' END AS deadline_text,
       CASE WHEN false THEN '' END AS due,
       CASE WHEN false THEN '' END AS old_task_id,
       CASE WHEN false THEN 0.0 END AS score
UNION ALL
// 2. task: the tasks of every successor (collected ids first: a MATCH on the documents
//    bound by the chain would hash-join against every Task)
MATCH (new:Document)-[:SUPERSEDES*1..6]->(old:Document)
WHERE old.id = $doc_id AND new.id <> old.id
WITH collect(new.id) AS new_ids
MATCH (new:Document)-[:ASSIGNS]->(t:Task)
WHERE new.id IN new_ids
RETURN 'task' AS part,
       CASE WHEN false THEN '' END AS old_id,
       CASE WHEN false THEN true END AS in_corpus,
       new.id AS new_id,
       CASE WHEN false THEN '' END AS number,
       CASE WHEN false THEN 0 END AS hops,
       CASE WHEN false THEN 0 END AS edges,
       t.id AS task_id,
       t.origin AS origin,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       t.due AS due,
       CASE WHEN false THEN '' END AS old_task_id,
       CASE WHEN false THEN 0.0 END AS score
UNION ALL
// 3. old_task: the tasks of the documents asked about
MATCH (old:Document)-[:ASSIGNS]->(o:Task)
WHERE old.id = $doc_id
RETURN 'old_task' AS part,
       old.id AS old_id,
       CASE WHEN false THEN true END AS in_corpus,
       CASE WHEN false THEN '' END AS new_id,
       CASE WHEN false THEN '' END AS number,
       CASE WHEN false THEN 0 END AS hops,
       CASE WHEN false THEN 0 END AS edges,
       o.id AS task_id,
       o.origin AS origin,
       o.no AS no,
       o.text AS text,
       CASE WHEN false THEN '' END AS deadline_text,
       CASE WHEN false THEN '' END AS due,
       CASE WHEN false THEN '' END AS old_task_id,
       CASE WHEN false THEN 0.0 END AS score
UNION ALL
// 4. replaces: which task (of which document) takes over which of their tasks, and how
//    closely
MATCH (old:Document)-[:ASSIGNS]->(o:Task)<-[r:REPLACES]-(t:Task)
WHERE old.id = $doc_id AND o.doc_id = old.id
RETURN 'replaces' AS part,
       old.id AS old_id,
       CASE WHEN false THEN true END AS in_corpus,
       t.doc_id AS new_id,
       CASE WHEN false THEN '' END AS number,
       CASE WHEN false THEN 0 END AS hops,
       CASE WHEN false THEN 0 END AS edges,
       t.id AS task_id,
       CASE WHEN false THEN '' END AS origin,
       CASE WHEN false THEN '' END AS no,
       CASE WHEN false THEN '' END AS text,
       CASE WHEN false THEN '' END AS deadline_text,
       CASE WHEN false THEN '' END AS due,
       o.id AS old_task_id,
       r.score AS score
