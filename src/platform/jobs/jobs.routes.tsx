import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../db/pool.ts';
import { pageContext } from '../http/context.ts';
import { requireUser } from '../auth/guards.ts';
import { createJobsService } from './jobs.service.ts';
import { FailedJobsPage } from './jobs.views.tsx';
import { menuItem, type MenuEntry } from '../web/menu.ts';
import { jobPolicy } from './jobs.policy.ts';

interface Options {
  db: Database;
  stylesheet: string;
}

// The platform administrator's view of background jobs that fail: what, how often, and why.
export const jobsMenu: readonly MenuEntry[] = [menuItem({ href: '/beheer/taken', key: 'jobs.nav', order: 95, policy: jobPolicy, action: 'readFailed' })];

export const jobsRoutes: FastifyPluginAsync<Options> = async (app, { db, stylesheet }) => {
  const jobs = createJobsService(db);

  app.get('/beheer/taken', { schema: { hide: true } }, async (request, reply) => {
    const failed = await jobs.failedJobs(request.trace, requireUser(request));
    return reply.type('text/html; charset=utf-8').send(<FailedJobsPage ctx={pageContext(request, reply, stylesheet)} jobs={failed} />);
  });
};
