/** @module handlers/brands/strings — the example's message wording, per locale, with `{name}` placeholders. */

/** The text of one email: `{brand}`, `{name}` and `{code}` are filled in when it is rendered. */
interface EmailStrings {
  readonly subject: string;
  readonly preheader: string;
  readonly heading: string;
  readonly intro: string;
  readonly outro: string;
}

interface Strings {
  readonly greeting: string;
  readonly greetingNoName: string;
  readonly codeLabel: string;
  readonly expiry: string;
  readonly ignore: string;
  readonly footer: string;
  readonly updateEmail: EmailStrings;
  readonly updateSms: string;
  readonly signUp: EmailStrings;
  readonly signUpSms: string;
  readonly forgotPassword: EmailStrings;
  readonly forgotPasswordSms: string;
  readonly verifyEmail: EmailStrings;
  readonly verifySms: string;
  readonly invitation: EmailStrings & { readonly usernameLabel: string; readonly passwordLabel: string };
  readonly invitationSms: string;
  readonly authenticationSms: string;
}

const en: Strings = {
  greeting: 'Hello {name},',
  greetingNoName: 'Hello,',
  codeLabel: 'Your verification code',
  expiry: 'This code expires in 24 hours.',
  ignore: "If you didn't ask for this, you can ignore this email; nothing changes without the code.",
  footer: 'Questions? Write to {support}.',
  updateEmail: {
    subject: '{brand}: confirm your new email address',
    preheader: 'Enter this code to finish changing your email address.',
    heading: 'Confirm your new email address',
    intro: 'You asked to use this address for your {brand} account. Enter the code below to confirm it.',
    outro: 'Until you confirm it, we keep sending account messages to your previous address.',
  },
  updateSms: '{brand}: {code} is your code to confirm your new phone number.',
  signUp: {
    subject: 'Welcome to {brand}: confirm your email address',
    preheader: 'One step left: confirm your email address.',
    heading: 'Welcome to {brand}',
    intro: 'Thanks for signing up. Enter the code below to confirm your email address.',
    outro: 'We are glad to have you with us.',
  },
  signUpSms: 'Welcome to {brand}! Your confirmation code is {code}.',
  forgotPassword: {
    subject: '{brand}: reset your password',
    preheader: 'Use this code to choose a new password.',
    heading: 'Reset your password',
    intro:
      'We received a request to reset the password of your {brand} account. Enter this code to choose a new one.',
    outro: 'Your current password keeps working until you set a new one.',
  },
  forgotPasswordSms: '{brand}: {code} is your password reset code.',
  verifyEmail: {
    subject: '{brand}: verify your email address',
    preheader: 'Enter this code to verify your email address.',
    heading: 'Verify your email address',
    intro: 'Enter the code below to verify the email address of your {brand} account.',
    outro: 'Verified addresses help you recover your account.',
  },
  verifySms: '{brand}: {code} is your code to verify your phone number.',
  invitation: {
    subject: 'You are invited to {brand}',
    preheader: 'Your account is ready: sign in with these details.',
    heading: 'Your {brand} account is ready',
    intro:
      'An administrator created an account for you. Sign in with the username and temporary password below.',
    outro: 'You will choose your own password when you first sign in.',
    usernameLabel: 'Username',
    passwordLabel: 'Temporary password',
  },
  invitationSms: '{brand}: your username is {username} and your temporary password is {code}',
  authenticationSms: '{brand}: {code} is your sign-in code. Never share it.',
};

const fr: Strings = {
  greeting: 'Bonjour {name},',
  greetingNoName: 'Bonjour,',
  codeLabel: 'Votre code de vérification',
  expiry: 'Ce code expire dans 24 heures.',
  ignore:
    "Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail : rien ne change sans le code.",
  footer: 'Des questions ? Écrivez-nous à {support}.',
  updateEmail: {
    subject: '{brand} : confirmez votre nouvelle adresse e-mail',
    preheader: 'Saisissez ce code pour terminer le changement de votre adresse e-mail.',
    heading: 'Confirmez votre nouvelle adresse e-mail',
    intro:
      'Vous avez demandé à utiliser cette adresse pour votre compte {brand}. Saisissez le code ci-dessous.',
    outro: "Tant qu'elle n'est pas confirmée, nous écrivons à votre adresse précédente.",
  },
  updateSms: '{brand} : {code} est votre code pour confirmer votre nouveau numéro.',
  signUp: {
    subject: 'Bienvenue chez {brand} : confirmez votre adresse e-mail',
    preheader: 'Dernière étape : confirmez votre adresse e-mail.',
    heading: 'Bienvenue chez {brand}',
    intro: 'Merci de votre inscription. Saisissez le code ci-dessous pour confirmer votre adresse e-mail.',
    outro: 'Nous sommes ravis de vous compter parmi nous.',
  },
  signUpSms: 'Bienvenue chez {brand} ! Votre code de confirmation est {code}.',
  forgotPassword: {
    subject: '{brand} : réinitialisez votre mot de passe',
    preheader: 'Utilisez ce code pour choisir un nouveau mot de passe.',
    heading: 'Réinitialisez votre mot de passe',
    intro: 'Nous avons reçu une demande de réinitialisation du mot de passe de votre compte {brand}.',
    outro: "Votre mot de passe actuel reste valable jusqu'à ce que vous en choisissiez un nouveau.",
  },
  forgotPasswordSms: '{brand} : {code} est votre code de réinitialisation.',
  verifyEmail: {
    subject: '{brand} : vérifiez votre adresse e-mail',
    preheader: 'Saisissez ce code pour vérifier votre adresse e-mail.',
    heading: 'Vérifiez votre adresse e-mail',
    intro: "Saisissez le code ci-dessous pour vérifier l'adresse e-mail de votre compte {brand}.",
    outro: 'Une adresse vérifiée vous aide à récupérer votre compte.',
  },
  verifySms: '{brand} : {code} est votre code pour vérifier votre numéro.',
  invitation: {
    subject: 'Votre invitation chez {brand}',
    preheader: 'Votre compte est prêt : connectez-vous avec ces informations.',
    heading: 'Votre compte {brand} est prêt',
    intro: 'Un administrateur a créé un compte pour vous. Connectez-vous avec ces identifiants temporaires.',
    outro: 'Vous choisirez votre propre mot de passe à la première connexion.',
    usernameLabel: "Nom d'utilisateur",
    passwordLabel: 'Mot de passe temporaire',
  },
  invitationSms: '{brand} : identifiant {username}, mot de passe temporaire {code}',
  authenticationSms: '{brand} : {code} est votre code de connexion. Ne le partagez pas.',
};

export type { EmailStrings, Strings };
export { en, fr };
