import Redis from 'ioredis';

// Read-through cache for order lookups.
export const cache = new Redis(process.env.CACHE_REDIS_URL ?? 'redis://127.0.0.1:6379/1', {
  keyPrefix: 'orders:',
  maxRetriesPerRequest: 2,
});
