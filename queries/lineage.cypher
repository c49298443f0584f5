// lineage DOC [--up|--down]: the chains of IMPLEMENTS / SUPERSEDES / BASED_ON around a
// document, with path lengths.
//   up   = what DOC implements, replaces or is based on, and so on upwards;
//   down = what implements, replaces or is based on DOC, and so on downwards.
// hops is the shortest chain of any of the three types (up to 6 steps); implements_hops,
// supersedes_hops and based_on_hops the shortest chain of that one type alone (null if none).
// $doc_id: one id the document resolves to (run_named runs the file once per id);
// $up, $down: which directions (booleans).
//
// Each branch is one walk from the document's key: part `any` (every document reached,
// its shortest chain of any type, its properties: one row each) and one part per type
// (the documents its chains alone reach, as one list of ids per chain length). run_named
// joins them (queries/parts.py lineage_rows), the same on every engine. Asked per
// (document, reached document) pair in Cypher, the typed chains were walked again from
// every pair: 1.1 s of engine time at 100,000 documents; as rows rather than lists, the
// typed parts' 18,000 ids cost more to fetch than to find.
WITH coalesce($up, true) AS up
MATCH p = (d:Document)-[:IMPLEMENTS|SUPERSEDES|BASED_ON*1..6]->(x:Document)
WHERE up AND d.id = $doc_id AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
RETURN 'any' AS part,
       'up' AS direction,
       d.id AS from_id,
       x.id AS doc_id,
       x.number AS number,
       x.kind AS kind,
       x.issued AS issued,
       x.in_corpus AS in_corpus,
       hops,
       CASE WHEN false THEN [''] END AS doc_ids
UNION ALL
WITH coalesce($up, true) AS up
MATCH p = (d:Document)-[:IMPLEMENTS*1..6]->(x:Document)
WHERE up AND d.id = $doc_id AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
WITH d, hops, collect(x.id) AS doc_ids
RETURN 'implements' AS part,
       'up' AS direction,
       d.id AS from_id,
       CASE WHEN false THEN '' END AS doc_id,
       CASE WHEN false THEN '' END AS number,
       CASE WHEN false THEN '' END AS kind,
       CASE WHEN false THEN '' END AS issued,
       CASE WHEN false THEN true END AS in_corpus,
       hops,
       doc_ids
UNION ALL
WITH coalesce($up, true) AS up
MATCH p = (d:Document)-[:SUPERSEDES*1..6]->(x:Document)
WHERE up AND d.id = $doc_id AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
WITH d, hops, collect(x.id) AS doc_ids
RETURN 'supersedes' AS part,
       'up' AS direction,
       d.id AS from_id,
       CASE WHEN false THEN '' END AS doc_id,
       CASE WHEN false THEN '' END AS number,
       CASE WHEN false THEN '' END AS kind,
       CASE WHEN false THEN '' END AS issued,
       CASE WHEN false THEN true END AS in_corpus,
       hops,
       doc_ids
UNION ALL
WITH coalesce($up, true) AS up
MATCH p = (d:Document)-[:BASED_ON*1..6]->(x:Document)
WHERE up AND d.id = $doc_id AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
WITH d, hops, collect(x.id) AS doc_ids
RETURN 'based_on' AS part,
       'up' AS direction,
       d.id AS from_id,
       CASE WHEN false THEN '' END AS doc_id,
       CASE WHEN false THEN '' END AS number,
       CASE WHEN false THEN '' END AS kind,
       CASE WHEN false THEN '' END AS issued,
       CASE WHEN false THEN true END AS in_corpus,
       hops,
       doc_ids
UNION ALL
WITH coalesce($down, true) AS down
MATCH p = (x:Document)-[:IMPLEMENTS|SUPERSEDES|BASED_ON*1..6]->(d:Document)
WHERE down AND d.id = $doc_id AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
RETURN 'any' AS part,
       'down' AS direction,
       d.id AS from_id,
       x.id AS doc_id,
       x.number AS number,
       x.kind AS kind,
       x.issued AS issued,
       x.in_corpus AS in_corpus,
       hops,
       CASE WHEN false THEN [''] END AS doc_ids
UNION ALL
WITH coalesce($down, true) AS down
MATCH p = (x:Document)-[:IMPLEMENTS*1..6]->(d:Document)
WHERE down AND d.id = $doc_id AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
WITH d, hops, collect(x.id) AS doc_ids
RETURN 'implements' AS part,
       'down' AS direction,
       d.id AS from_id,
       CASE WHEN false THEN '' END AS doc_id,
       CASE WHEN false THEN '' END AS number,
       CASE WHEN false THEN '' END AS kind,
       CASE WHEN false THEN '' END AS issued,
       CASE WHEN false THEN true END AS in_corpus,
       hops,
       doc_ids
UNION ALL
WITH coalesce($down, true) AS down
MATCH p = (x:Document)-[:SUPERSEDES*1..6]->(d:Document)
WHERE down AND d.id = $doc_id AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
WITH d, hops, collect(x.id) AS doc_ids
RETURN 'supersedes' AS part,
       'down' AS direction,
       d.id AS from_id,
       CASE WHEN false THEN '' END AS doc_id,
       CASE WHEN false THEN '' END AS number,
       CASE WHEN false THEN '' END AS kind,
       CASE WHEN false THEN '' END AS issued,
       CASE WHEN false THEN true END AS in_corpus,
       hops,
       doc_ids
UNION ALL
WITH coalesce($down, true) AS down
MATCH p = (x:Document)-[:BASED_ON*1..6]->(d:Document)
WHERE down AND d.id = $doc_id AND x.id <> d.id
WITH d, x, min(length(p)) AS hops
WITH d, hops, collect(x.id) AS doc_ids
RETURN 'based_on' AS part,
       'down' AS direction,
       d.id AS from_id,
       CASE WHEN false THEN '' END AS doc_id,
       CASE WHEN false THEN '' END AS number,
       CASE WHEN false THEN '' END AS kind,
       CASE WHEN false THEN '' END AS issued,
       CASE WHEN false THEN true END AS in_corpus,
       hops,
       doc_ids
