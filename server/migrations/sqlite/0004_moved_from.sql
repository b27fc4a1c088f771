-- The target date a release had before its last move, so "What ships when" can say
-- "moved from 18 Dec to 29 Dec".
ALTER TABLE releases ADD COLUMN moved_from TEXT;
