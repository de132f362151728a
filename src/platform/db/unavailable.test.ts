import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.ts';

const serverError = (code: string, message = 'from the server') => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('isDatabaseUnavailable', () => {
  it('knows a server that is not there, going away, or not accepting connections yet', () => {
    for (const error of [
      socketError('ECONNREFUSED'),
      socketError('ECONNRESET'),
      socketError('ETIMEDOUT'),
      serverError('57P01', 'terminating connection due to administrator command'),
      serverError('57P02'),
      serverError('57P03', 'the database system is starting up'),
      serverError('08006'),
      serverError('08001'),
      serverError('53300', 'sorry, too many clients already'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout'),
      new Error('Client has encountered a connection error and is not queryable'),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it('leaves statement errors, our own bugs and non-errors alone', () => {
    for (const error of [
      serverError('23505', 'duplicate key value violates unique constraint'),
      serverError('42501', 'permission denied'),
      serverError('22P02'),
      serverError('57014', 'canceling statement due to statement timeout'),
      serverError('40001'),
      new TypeError("Cannot read properties of null (reading 'kind')"),
      new Error('connection refused, said a user'),
      { code: 'ECONNREFUSED', message: 'Connection terminated unexpectedly' },
      null,
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});
