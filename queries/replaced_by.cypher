// replaced-by DOC: which tasks replaced a document?
// Documents that SUPERSEDE it, directly or through a chain (up to 6 steps), and the
// tasks they ASSIGN. $doc_ids: the ids the document's number resolves to (a number is
// unique only per issuer and year, so there may be several).
MATCH p = (new:Document)-[:SUPERSEDES*1..6]->(old:Document)
WHERE old.id IN $doc_ids AND new.id <> old.id
WITH old, new, min(length(p)) AS hops
MATCH (new)-[:ASSIGNS]->(t:Task)
RETURN old.id AS replaced_id,
       new.id AS doc_id,
       new.number AS number,
       hops,
       t.id AS task_id,
       t.origin AS origin,
       t.no AS no,
       t.text AS text,
       t.deadline_text AS deadline_text,
       t.due AS due
