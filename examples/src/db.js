import pg from 'pg';

// Shared application pool. pg opens no connection until the first query.
export const db = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  application_name: 'orders-service',
  max: 5,
});
