// One row per professional (and per service they work at).
MATCH (x:Professional)
OPTIONAL MATCH (x)-[:WORKS_AT {current: true}]->(s)
WITH DISTINCT x, s
RETURN x.id AS professional_id, x.name AS pseudonym, x.roleTitle AS role_title,
       s.id AS service_id, s.name AS service_name, x.country AS country
ORDER BY professional_id, service_id
