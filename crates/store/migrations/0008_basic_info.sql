-- Community basic information as it is imported and kept: buildings are named uniquely within a
-- community (households and residents refer to them by name), a household is one room of one
-- building, and a household may be let (出租屋) to tenants.

ALTER TABLE buildings ADD COLUMN community TEXT NOT NULL DEFAULT '';
-- A building's location in micro-degrees (as grid events keep theirs: exact on both databases;
-- the DOUBLE PRECISION lat/lon of 0003 stay unused).
ALTER TABLE buildings ADD COLUMN lat_e6 BIGINT;
ALTER TABLE buildings ADD COLUMN lon_e6 BIGINT;
CREATE UNIQUE INDEX buildings_community_name ON buildings (community, name);

ALTER TABLE households ADD COLUMN rented BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX households_room ON households (building_id, unit, room);

CREATE INDEX grid_visits_household ON grid_visits (household_id);
