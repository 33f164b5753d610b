import { z } from 'zod';
import { email, requiredText } from '../../lib/forms.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../lib/passwords.js';

/** The site's one e-mail field (lib/forms.ts): width-folded, trimmed, lower case. */
const emailField = email;

/** Passwords are taken exactly as typed (no trimming): spaces may be part of a passphrase. */
export const newPasswordField = z
  .string({ error: 'form.required' })
  .min(1, { error: 'form.required' })
  .min(PASSWORD_MIN_LENGTH, { error: 'form.passwordTooShort' })
  .max(PASSWORD_MAX_LENGTH, { error: 'form.passwordTooLong' });

const passwordField = z
  .string({ error: 'form.required' })
  .min(1, { error: 'form.required' })
  .max(PASSWORD_MAX_LENGTH * 4);

export const signUpForm = z.object({
  displayName: requiredText(50),
  email: emailField,
  password: newPasswordField,
});

export const signInForm = z.object({
  email: emailField,
  password: passwordField,
});

export const forgotPasswordForm = z.object({ email: emailField });

export const resetPasswordForm = z.object({
  token: z.string().min(1).max(100),
  password: newPasswordField,
});

export const changePasswordForm = z.object({
  currentPassword: passwordField,
  newPassword: newPasswordField,
});

export const deleteAccountForm = z.object({ password: passwordField });
