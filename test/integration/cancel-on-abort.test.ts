import { describe, expect, it } from 'vitest';
import { backendPid, cancelOnAbort, connectWith } from '../../core/target/connect.js';
import { freshDatabase } from '../support/databases.js';

describe('cancelOnAbort', () => {
  it('stops the statement a connection is running when the signal aborts, and nothing after it stops listening', async () => {
    const url = await freshDatabase('cancel');
    const config = { connectionString: url };
    const client = await connectWith(config);
    try {
      const controller = new AbortController();
      const stop = cancelOnAbort(controller.signal, [{ config, pid: backendPid(client) }]);
      const sleeping = client.query('SELECT pg_sleep(60)');
      setTimeout(() => controller.abort(), 200);
      // Without the cancel the sleep would end normally and this would resolve.
      await expect(sleeping).rejects.toMatchObject({ code: '57014' });
      stop();

      const later = new AbortController();
      cancelOnAbort(later.signal, [{ config, pid: backendPid(client) }])();
      later.abort();
      await expect(client.query('SELECT pg_sleep(0.5) AS slept')).resolves.toMatchObject({ rowCount: 1 });
    } finally {
      await client.end();
    }
  }, 90_000);
});
