// Texts of the e-mails the platform sends, B1 Dutch and English.
export const nl = {
  'mail.locked.subject': 'Je Werkcentrum-account is tijdelijk geblokkeerd',
  'mail.locked.body':
    'Hallo {name},\n\nIemand heeft een paar keer geprobeerd in te loggen op je Werkcentrum-account, met een verkeerd wachtwoord of een verkeerde code. Daarom is je account {minutes} minuten geblokkeerd.\n\nWas jij dit? Dan hoef je niets te doen. Wacht even en probeer het opnieuw.\n\nWas jij dit niet? Meld het dan bij je regiocoördinator of de privacy officer van je organisatie.\n\nWerkcentrum',
} as const;

export const en: Record<keyof typeof nl, string> = {
  'mail.locked.subject': 'Your Werkcentrum account is temporarily locked',
  'mail.locked.body':
    'Hello {name},\n\nSomeone tried to log in to your Werkcentrum account a few times with a wrong password or a wrong code. That is why your account is locked for {minutes} minutes.\n\nWas this you? Then you need not do anything. Wait a little and try again.\n\nWas this not you? Then report it to your regional coordinator or your organisation’s privacy officer.\n\nWerkcentrum',
};

declare module '../i18n/index.ts' {
  interface Messages extends Record<keyof typeof nl, string> {}
}
