// One row per (parent, service) engagement, with how many passages say it.
MATCH (p)-[e:ENGAGES_WITH {current: true}]->(s)
WHERE s.serviceType IS NOT NULL
// An engagement with no evidence still counts once, with evidence_count 0.
UNWIND CASE WHEN size(coalesce(e.evidenceIds, [])) = 0 THEN [null] ELSE e.evidenceIds END AS ev
RETURN p.id AS parent_id, s.id AS service_id, s.name AS service_name, s.serviceType AS service_type,
       count(DISTINCT ev) AS evidence_count
ORDER BY parent_id, service_id
