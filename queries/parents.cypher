// One row per parent participant or family member who took part.
MATCH (p:Participant)
WHERE p.role IS NOT NULL
OPTIONAL MATCH (p)-[:PARENT_OF {current: true}]->(c)
WITH p, count(DISTINCT c) AS n_children
RETURN p.id AS parent_id, p.name AS pseudonym, p.role AS role, p.country AS country,
       coalesce(p.household, 'unknown') AS household, p.partnerInTreatment AS partner_in_treatment,
       n_children
ORDER BY parent_id
