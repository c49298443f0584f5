// chain TASK: the task's chain of obligations (Task IMPLEMENTS Task, graph/task_links.py).
// up: the tasks of higher documents it carries out (province -> Government -> Party
// provision); down: the tasks of lower documents that carry it out. Each row is one step:
// via_id carries out task_id (up) or is carried out by it (down); hops counts steps from
// $task_id; score is that step's. Paths up to 4 steps (no document chain is longer).
MATCH (s:Task)-[r:IMPLEMENTS]->(t:Task)<-[:ASSIGNS]-(d:Document)
WHERE s.id = $task_id
RETURN DISTINCT 'up' AS direction, 1 AS hops, s.id AS via_id, t.id AS task_id, d.id AS doc_id,
       d.number AS number, t.no AS no, t.text AS text, r.score AS score
UNION ALL
MATCH p = (s:Task)-[:IMPLEMENTS*1..3]->(m:Task)
WHERE s.id = $task_id
MATCH (m)-[r:IMPLEMENTS]->(t:Task)<-[:ASSIGNS]-(d:Document)
RETURN DISTINCT 'up' AS direction, length(p) + 1 AS hops, m.id AS via_id, t.id AS task_id,
       d.id AS doc_id, d.number AS number, t.no AS no, t.text AS text, r.score AS score
UNION ALL
MATCH (s:Task)<-[r:IMPLEMENTS]-(t:Task)<-[:ASSIGNS]-(d:Document)
WHERE s.id = $task_id
RETURN DISTINCT 'down' AS direction, 1 AS hops, s.id AS via_id, t.id AS task_id,
       d.id AS doc_id, d.number AS number, t.no AS no, t.text AS text, r.score AS score
UNION ALL
MATCH p = (s:Task)<-[:IMPLEMENTS*1..3]-(m:Task)
WHERE s.id = $task_id
MATCH (m)<-[r:IMPLEMENTS]-(t:Task)<-[:ASSIGNS]-(d:Document)
RETURN DISTINCT 'down' AS direction, length(p) + 1 AS hops, m.id AS via_id, t.id AS task_id,
       d.id AS doc_id, d.number AS number, t.no AS no, t.text AS text, r.score AS score
