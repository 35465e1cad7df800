/** The explorer's standard questions, timed by the benchmark on every run. */
export const standardQueries: { name: string; sql: string }[] = [
  {
    name: 'count by event name',
    sql: `SELECT event_name, count(*) AS n FROM events GROUP BY event_name ORDER BY n DESC`,
  },
  {
    name: 'events per hour',
    sql: `SELECT date_trunc('hour', event_time) AS hour, count(*) AS n FROM events GROUP BY hour ORDER BY hour`,
  },
  {
    name: 'top 20 principals with errors',
    sql: `SELECT identity_arn, count(*) AS n, count(error_code) AS errors FROM events GROUP BY identity_arn ORDER BY n DESC LIMIT 20`,
  },
  {
    name: 'filter on user_agent',
    sql: `SELECT event_time, event_name, identity_arn, source_ip FROM events WHERE user_agent LIKE 'python-requests/%' ORDER BY event_time DESC LIMIT 100`,
  },
  {
    name: 'lookup in request_parameters',
    sql: `SELECT event_time, event_name, identity_arn FROM events WHERE request_parameters->>'$.bucketName' = 'bucket-42' ORDER BY event_time LIMIT 100`,
  },
];
