/**
 * What the analyst says about the case itself, for the report's cover: one row at most.
 * The dates are the investigation's own, as the analyst states them, not the logs' span.
 */
export const sql = `
CREATE TABLE case_details (
  only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
  case_name VARCHAR,
  investigator VARCHAR,
  opened_on DATE,
  closed_on DATE,
  updated_at TIMESTAMPTZ NOT NULL
);
`;
