// One row per (professional, parent) working relation.
MATCH (x)-[w:WORKS_WITH {current: true}]->(p)
UNWIND CASE WHEN size(coalesce(w.evidenceIds, [])) = 0 THEN [null] ELSE w.evidenceIds END AS ev
RETURN x.id AS professional_id, p.id AS parent_id, count(DISTINCT ev) AS evidence_count
ORDER BY professional_id, parent_id
