// Texts of the page with failed background jobs, B1 Dutch and English.
export const nl = {
  'jobs.nav': 'Achtergrondtaken',
  'jobs.title': 'Mislukte achtergrondtaken',
  'jobs.intro':
    'Het platform doet sommige taken op de achtergrond, zoals e-mail versturen en oude gegevens verwijderen. Lukt een taak niet, dan probeert het platform het later opnieuw, en wacht dan steeds langer. Hier zie je de taken die nog een nieuwe poging krijgen, en de taken die het platform heeft opgegeven in de laatste 14 dagen.',
  'jobs.help':
    'Een opgegeven e-mail is niet aangekomen. Mislukken er veel e-mails, kijk dan of de instellingen van de mailserver (SMTP) kloppen.',
  'jobs.empty': 'Er zijn geen mislukte taken.',
  'jobs.caption': 'Mislukte taken, laatste poging eerst',
  'jobs.queue': 'Taak',
  'jobs.kind': 'Soort',
  'jobs.state': 'Status',
  'jobs.attempts': 'Pogingen',
  'jobs.error': 'Laatste fout',
  'jobs.created': 'Aangemaakt',
  'jobs.lastAttempt': 'Laatste poging',
  'jobs.nextAttempt': 'Volgende poging',
  'jobs.state.retry': 'Wordt opnieuw geprobeerd',
  'jobs.state.failed': 'Opgegeven',
} as const;

export const en: Record<keyof typeof nl, string> = {
  'jobs.nav': 'Background jobs',
  'jobs.title': 'Failed background jobs',
  'jobs.intro':
    'The platform does some work in the background, such as sending e-mail and deleting old data. When a job fails, the platform tries again later, and waits longer each time. Here you see the jobs that will be tried again, and the jobs the platform gave up on in the last 14 days.',
  'jobs.help': 'An e-mail that was given up on did not arrive. When many e-mails fail, check the mail server (SMTP) settings.',
  'jobs.empty': 'There are no failed jobs.',
  'jobs.caption': 'Failed jobs, last attempt first',
  'jobs.queue': 'Job',
  'jobs.kind': 'Kind',
  'jobs.state': 'Status',
  'jobs.attempts': 'Attempts',
  'jobs.error': 'Last error',
  'jobs.created': 'Created',
  'jobs.lastAttempt': 'Last attempt',
  'jobs.nextAttempt': 'Next attempt',
  'jobs.state.retry': 'Will be tried again',
  'jobs.state.failed': 'Given up',
};

declare module '../i18n/index.ts' {
  interface Messages extends Record<keyof typeof nl, string> {}
}
