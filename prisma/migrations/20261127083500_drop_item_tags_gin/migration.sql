-- Tag filters always run within one dataset version, which the other indexes
-- find; the GIN index on tags served no query and cost item imports 20-40 %
-- of their insert time (GIN pending-list upkeep per row).
-- DropIndex
DROP INDEX "DatasetItem_tags_idx";


