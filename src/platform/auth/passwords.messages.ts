// Messages of "forgot password", changing a password and the temporary password, with the e-mail
// that carries the reset link. Dutch at B1 first, English second.
export const nl = {
  'password.forgot.link': 'Wachtwoord vergeten?',
  'password.forgot.title': 'Wachtwoord vergeten',
  'password.forgot.intro': 'Vul het e-mailadres in waarmee je inlogt. Je krijgt dan een e-mail met een link. Met die link kies je een nieuw wachtwoord.',
  'password.forgot.submit': 'Stuur mij een link',
  'password.forgot.sentTitle': 'Kijk in je e-mail',
  'password.forgot.sent':
    'Als er een account is met dit e-mailadres, krijg je een e-mail met een link. De link werkt {minutes} minuten en maar één keer. Geen e-mail gekregen? Kijk ook in je map met ongewenste e-mail.',
  'password.forgot.back': 'Terug naar inloggen',
  'password.reset.title': 'Kies een nieuw wachtwoord',
  'password.reset.intro': 'Kies een wachtwoord van minstens {min} tekens. Daarna log je in met je nieuwe wachtwoord en de code uit je app.',
  'password.reset.submit': 'Wachtwoord opslaan',
  'password.reset.invalidTitle': 'Deze link werkt niet meer',
  'password.reset.invalid': 'De link is al gebruikt of verlopen. Een link werkt {minutes} minuten. Vraag een nieuwe link aan.',
  'password.reset.again': 'Vraag een nieuwe link aan',
  'password.reset.done': 'Je wachtwoord is gewijzigd. Log in met je nieuwe wachtwoord.',
  'password.change.title': 'Wachtwoord wijzigen',
  'password.change.intro': 'Kies een wachtwoord van minstens {min} tekens. Daarna ben je op je andere apparaten uitgelogd.',
  'password.change.temporary': 'Je hebt een tijdelijk wachtwoord gekregen. Kies eerst je eigen wachtwoord. Daarna kun je verder.',
  'password.change.submit': 'Wachtwoord wijzigen',
  'password.change.done': 'Je wachtwoord is gewijzigd. Op je andere apparaten ben je uitgelogd.',
  'password.change.link': 'Wachtwoord wijzigen',
  'password.field.current': 'Je huidige wachtwoord',
  'password.field.new': 'Nieuw wachtwoord',
  'password.field.repeat': 'Nieuw wachtwoord nog een keer',
  'password.error.current': 'Dit wachtwoord klopt niet.',
  'password.error.mismatch': 'De twee wachtwoorden zijn niet hetzelfde.',
  'password.error.same': 'Kies een ander wachtwoord dan je huidige.',
  'password.mail.subject': 'Een nieuw wachtwoord voor het Werkcentrum',
  'password.mail.body':
    'Hallo {name},\n\nIemand heeft een nieuw wachtwoord aangevraagd voor je Werkcentrum-account. Was jij dit? Open dan deze link en kies een nieuw wachtwoord:\n\n{link}\n\nDe link werkt {minutes} minuten en maar één keer. Daarna log je in met je nieuwe wachtwoord en de code uit je app.\n\nWas jij dit niet? Dan hoef je niets te doen. Je wachtwoord blijft hetzelfde.\n\nWerkcentrum',
} as const;

export const en: Record<keyof typeof nl, string> = {
  'password.forgot.link': 'Forgot your password?',
  'password.forgot.title': 'Forgot your password',
  'password.forgot.intro': 'Enter the e-mail address you log in with. You will get an e-mail with a link. With that link you choose a new password.',
  'password.forgot.submit': 'Send me a link',
  'password.forgot.sentTitle': 'Check your e-mail',
  'password.forgot.sent':
    'If there is an account with this e-mail address, you will get an e-mail with a link. The link works for {minutes} minutes and only once. No e-mail? Also look in your spam folder.',
  'password.forgot.back': 'Back to login',
  'password.reset.title': 'Choose a new password',
  'password.reset.intro': 'Choose a password of at least {min} characters. Then log in with your new password and the code from your app.',
  'password.reset.submit': 'Save password',
  'password.reset.invalidTitle': 'This link no longer works',
  'password.reset.invalid': 'The link has been used or has expired. A link works for {minutes} minutes. Ask for a new link.',
  'password.reset.again': 'Ask for a new link',
  'password.reset.done': 'Your password has been changed. Log in with your new password.',
  'password.change.title': 'Change password',
  'password.change.intro': 'Choose a password of at least {min} characters. You will then be logged out on your other devices.',
  'password.change.temporary': 'You were given a temporary password. First choose your own password. Then you can continue.',
  'password.change.submit': 'Change password',
  'password.change.done': 'Your password has been changed. You have been logged out on your other devices.',
  'password.change.link': 'Change password',
  'password.field.current': 'Your current password',
  'password.field.new': 'New password',
  'password.field.repeat': 'New password again',
  'password.error.current': 'This password is not correct.',
  'password.error.mismatch': 'The two passwords are not the same.',
  'password.error.same': 'Choose a password other than your current one.',
  'password.mail.subject': 'A new password for the Werkcentrum',
  'password.mail.body':
    'Hello {name},\n\nSomeone asked for a new password for your Werkcentrum account. Was this you? Then open this link and choose a new password:\n\n{link}\n\nThe link works for {minutes} minutes and only once. Then log in with your new password and the code from your app.\n\nWas this not you? Then you need not do anything. Your password stays the same.\n\nWerkcentrum',
};

declare module '../i18n/index.ts' {
  interface Messages extends Record<keyof typeof nl, string> {}
}
