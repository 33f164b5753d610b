import { defineMessages } from '../define.js';

/** Accounts: sign-up, sign-in, verification, password reset, the account page, and their mails. */
export const accountsMessages = defineMessages(
  {
    'nav.signin': 'ログイン',
    'nav.signup': '新規登録',
    'nav.account': 'アカウント',
    'nav.signout': 'ログアウト',
    'nav.workspace': '団体の管理',
    'nav.console': '事務局',

    'form.errorSummary': '入力内容を確認してください。',
    'form.errorItem': '{label}：{message}',
    'form.required': '入力してください。',
    'form.optional': '任意',
    'form.invalidEmail': 'メールアドレスの形で入力してください（例：name@example.jp）。',
    'form.tooLong': '{max}文字以内で入力してください。',
    'form.passwordTooShort': 'パスワードは{min}文字以上にしてください。',
    'form.passwordTooLong': 'パスワードは{max}文字以内にしてください。',
    'form.passwordMismatch': '確認用のパスワードが一致しません。',
    'form.invalidPhone': '電話番号を、市外局番から数字で入力してください（例：03-1234-5678）。',
    'form.invalidUrl': 'https:// または http:// で始まるアドレスを入力してください。',
    'form.invalidKana': 'ひらがなかカタカナで入力してください（数字と「ー」「・」も使えます）。',
    'form.expired': 'フォームが古くなっています。ページを開き直してから、もう一度送ってください。',

    'account.purpose.title': '個人情報の利用目的',
    'account.purpose.body':
      'メールアドレスとお名前は、ログイン、本人確認、お申し込みに関する連絡にだけ使います。本人の同意なく、ほかの団体や第三者に渡すことはありません。',

    'signup.title': '新規登録',
    'signup.lead':
      '協同組合の担当者の方、相談員・学校の方はこちらから登録してください。求人をさがすだけなら登録はいりません。',
    'signup.displayName': 'お名前（表示名）',
    'signup.displayNameHint': 'ニックネームでもかまいません。',
    'signup.email': 'メールアドレス',
    'signup.password': 'パスワード',
    'signup.passwordHint': '{min}文字以上。ほかのサイトと同じものは避けてください。',
    'signup.submit': '登録する',
    'signup.sent.title': '確認メールを送りました',
    'mail.throttled':
      'このメールアドレスあて、またはこの場所からのメールの送信が続いたため、いまは送れません。入力はそのまま残っています。{minutes}分ほどたってから、もう一度お試しください。',
    'signup.sent.body':
      '{email} にメールを送りました。メールにあるリンクを開くと、登録が完了します。届かない場合は、迷惑メールフォルダもご確認ください。',
    'signup.haveAccount': 'すでに登録している方はログイン',

    'signin.title': 'ログイン',
    'signin.email': 'メールアドレス',
    'signin.password': 'パスワード',
    'signin.submit': 'ログインする',
    'signin.failed': 'メールアドレスかパスワードが違います。',
    'signin.unverified':
      'メールアドレスの確認がまだ済んでいません。確認メールを送り直しました。メールのリンクを開いてから、もう一度ログインしてください。',
    'signin.forgot': 'パスワードを忘れた方',
    'signin.noAccount': 'はじめての方は新規登録',

    'verify.done.title': 'メールアドレスを確認しました',
    'verify.done.body': '登録が完了しました。ログインしてください。',
    'verify.invalid.title': 'リンクが使えません',
    'verify.invalid.body':
      'このリンクは期限切れか、すでに使われています。ログインすると、確認メールを送り直せます。',

    'forgot.title': 'パスワードの再設定',
    'forgot.lead': '登録したメールアドレスを入力してください。再設定用のリンクをお送りします。',
    'forgot.email': 'メールアドレス',
    'forgot.submit': '再設定メールを送る',
    'forgot.sent.title': 'メールを確認してください',
    'forgot.sent.body':
      '入力されたメールアドレスが登録されていれば、再設定用のリンクを送りました。リンクの有効期限は1時間です。',

    'reset.title': '新しいパスワードの設定',
    'reset.password': '新しいパスワード',
    'reset.submit': 'パスワードを変更する',
    'reset.invalid': 'このリンクは期限切れか、すでに使われています。もう一度、再設定メールを送ってください。',

    'notice.passwordReset': 'パスワードを変更しました。新しいパスワードでログインしてください。',
    'notice.passwordChanged': 'パスワードを変更しました。ほかの端末のログインはすべて終了しました。',
    'notice.signedOut': 'ログアウトしました。',
    'notice.accountDeleted': 'アカウントを削除しました。ご利用ありがとうございました。',
    'notice.signedIn': 'ログインしました。',

    'account.title': 'アカウント',
    'account.email': 'メールアドレス',
    'account.displayName': 'お名前',
    'account.memberships': '所属している団体',
    'account.noMemberships': '所属している団体はありません。',
    'account.seekerNow':
      'いまできること: 求人をさがし、見学や体験を受け入れている求人から、このサイトで見学・体験を申し込めます。講座にも申し込めます。',
    'account.staffNow':
      '協同組合・学校・支援団体の担当者の方は、団体として参加を申し込めます。事務局が承認すると、協同組合は求人票を掲載でき、学校は生徒の職場見学・インターンシップを、相談支援機関は相談者の見学・体験を申し込めます。',
    'account.role.admin': '管理者',
    'account.role.member': 'メンバー',
    'account.changePassword': 'パスワードの変更',
    'account.currentPassword': '今のパスワード',
    'account.newPassword': '新しいパスワード',
    'account.changePasswordSubmit': 'パスワードを変更する',
    'account.wrongPassword': 'パスワードが違います。',
    'account.delete': 'アカウントの削除',
    'account.deleteLead':
      'アカウントと、それにひもづくログイン情報・所属を削除します。元には戻せません。団体の求人は団体に残ります。',
    'account.deletePassword': '確認のためパスワードを入力',
    'account.deleteSubmit': 'アカウントを削除する',
    'account.deleteLastAdmin':
      'あなたは、ほかのスタッフがいる団体のただ一人の管理者です。先にほかの人を管理者にしてから削除してください。',
    'account.applications': '参加申請の状況を見る',
    'account.applyOrganisation': '団体として参加を申し込む',

    'mail.footer':
      'このメールは よいしごとステーション から自動で送っています。お心当たりがない場合は、このメールを破棄してください。',
    'mail.verify.subject': '【よいしごとステーション】メールアドレスの確認',
    'mail.verify.body':
      '{name} さん\n\nよいしごとステーションへのご登録ありがとうございます。\n次のリンクを開いて、メールアドレスの確認を完了してください（24時間有効）。\n\n{link}',
    'mail.exists.subject': '【よいしごとステーション】登録のお申し込みについて',
    'mail.exists.body':
      'このメールアドレスは、すでに登録されています。\nログインはこちら：{signin}\nパスワードを忘れた場合はこちら：{forgot}',
    'mail.reset.subject': '【よいしごとステーション】パスワードの再設定',
    'mail.reset.body':
      '次のリンクから新しいパスワードを設定してください（1時間有効）。\n\n{link}\n\nお心当たりがない場合は、何もしなくてかまいません。',
    'mail.passwordChanged.subject': '【よいしごとステーション】パスワードが変更されました',
    'mail.passwordChanged.body':
      'パスワードが変更され、すべての端末でログインが終了しました。\nお心当たりがない場合は、すぐにパスワードを再設定してください：{forgot}',

    'mailbox.title': '開発用メールボックス',
    'mailbox.lead': 'SMTP_URL が設定されていないため、メールは送らずにここに表示しています（開発環境のみ）。',
    'mailbox.empty': 'メールはありません。',
    'mailbox.to': '宛先',
    'mailbox.sent': '送信済み',
    'mailbox.pending': '未送信',

    'error.csrf.body': 'このページからは送信できません。ページを読み込み直してから、もう一度お試しください。',
  },
  {
    'nav.signin': 'Sign in',
    'nav.signup': 'Sign up',
    'nav.account': 'Account',
    'nav.signout': 'Sign out',
    'nav.workspace': 'Organisation',
    'nav.console': 'Secretariat',

    'form.errorSummary': 'Please check what you entered.',
    'form.errorItem': '{label}: {message}',
    'form.required': 'Please fill this in.',
    'form.optional': 'optional',
    'form.invalidEmail': 'Enter an e-mail address, like name@example.jp.',
    'form.tooLong': 'Use {max} characters or fewer.',
    'form.passwordTooShort': 'Use at least {min} characters for the password.',
    'form.passwordTooLong': 'Use {max} characters or fewer for the password.',
    'form.passwordMismatch': 'The two passwords do not match.',
    'form.invalidPhone': 'Enter the phone number with its area code, in digits, like 03-1234-5678.',
    'form.invalidUrl': 'Enter an address starting with https:// or http://.',
    'form.invalidKana': 'Use hiragana or katakana (digits, “ー” and “・” are fine too).',
    'form.expired': 'This form is out of date. Open the page again and send it once more.',

    'account.purpose.title': 'How we use your personal data',
    'account.purpose.body':
      'Your e-mail address and name are used only to sign you in, confirm who you are and contact you about your requests. They are never passed to other organisations or third parties without your consent.',

    'signup.title': 'Sign up',
    'signup.lead':
      'For co-op staff, counselors and school staff. You do not need an account to look for jobs.',
    'signup.displayName': 'Name (shown to others)',
    'signup.displayNameHint': 'A nickname is fine.',
    'signup.email': 'E-mail address',
    'signup.password': 'Password',
    'signup.passwordHint': 'At least {min} characters. Do not reuse a password from another site.',
    'signup.submit': 'Sign up',
    'signup.sent.title': 'Check your e-mail',
    'mail.throttled':
      'Too many e-mails were sent to this address, or from this place, just now. What you typed is still here. Please wait about {minutes} minutes, then try again.',
    'signup.sent.body':
      'We sent an e-mail to {email}. Open the link in it to finish signing up. If it does not arrive, check your spam folder.',
    'signup.haveAccount': 'Already signed up? Sign in',

    'signin.title': 'Sign in',
    'signin.email': 'E-mail address',
    'signin.password': 'Password',
    'signin.submit': 'Sign in',
    'signin.failed': 'The e-mail address or password is not right.',
    'signin.unverified':
      'Your e-mail address is not confirmed yet. We sent the confirmation e-mail again: open its link, then sign in.',
    'signin.forgot': 'Forgot your password?',
    'signin.noAccount': 'New here? Sign up',

    'verify.done.title': 'E-mail address confirmed',
    'verify.done.body': 'You are signed up. Please sign in.',
    'verify.invalid.title': 'This link cannot be used',
    'verify.invalid.body':
      'The link has expired or was already used. Sign in to get a new confirmation e-mail.',

    'forgot.title': 'Reset your password',
    'forgot.lead': 'Enter the e-mail address you signed up with and we will send you a link.',
    'forgot.email': 'E-mail address',
    'forgot.submit': 'Send the link',
    'forgot.sent.title': 'Check your e-mail',
    'forgot.sent.body':
      'If that address is registered, we sent it a link to reset the password. The link works for one hour.',

    'reset.title': 'Choose a new password',
    'reset.password': 'New password',
    'reset.submit': 'Change password',
    'reset.invalid': 'This link has expired or was already used. Please ask for a new one.',

    'notice.passwordReset': 'Your password was changed. Sign in with the new one.',
    'notice.passwordChanged': 'Your password was changed and every other device was signed out.',
    'notice.signedOut': 'You are signed out.',
    'notice.accountDeleted': 'Your account was deleted. Thank you for using the station.',
    'notice.signedIn': 'You are signed in.',

    'account.title': 'Account',
    'account.email': 'E-mail address',
    'account.displayName': 'Name',
    'account.memberships': 'Your organisations',
    'account.noMemberships': 'You do not belong to any organisation.',
    'account.seekerNow':
      'What you can do now: search for jobs, and ask for a visit or a trial through this site on any job that accepts them. You can also enrol in courses.',
    'account.staffNow':
      'Staff of a co-op, school or support organisation can apply for their organisation to take part. Once the secretariat approves, a co-op can publish job postings, a school can ask for workplace visits and internships for its students, and a support organisation for visits and trials for its clients.',
    'account.role.admin': 'Admin',
    'account.role.member': 'Member',
    'account.changePassword': 'Change password',
    'account.currentPassword': 'Current password',
    'account.newPassword': 'New password',
    'account.changePasswordSubmit': 'Change password',
    'account.wrongPassword': 'The password is not right.',
    'account.delete': 'Delete account',
    'account.deleteLead':
      'This deletes your account with its sign-ins and memberships. It cannot be undone. Your organisation’s postings stay with the organisation.',
    'account.deletePassword': 'Enter your password to confirm',
    'account.deleteSubmit': 'Delete my account',
    'account.deleteLastAdmin':
      'You are the only admin of an organisation that has other staff. Make someone else an admin first, then delete your account.',
    'account.applications': 'See your applications',
    'account.applyOrganisation': 'Apply to join as an organisation',

    'mail.footer':
      'This e-mail was sent automatically by Yoi Shigoto Station. If you did not expect it, you can ignore it.',
    'mail.verify.subject': 'Yoi Shigoto Station: confirm your e-mail address',
    'mail.verify.body':
      'Hello {name},\n\nThank you for signing up to Yoi Shigoto Station.\nOpen this link to confirm your e-mail address (valid for 24 hours):\n\n{link}',
    'mail.exists.subject': 'Yoi Shigoto Station: about your sign-up',
    'mail.exists.body':
      'This e-mail address is already registered.\nSign in: {signin}\nForgot your password: {forgot}',
    'mail.reset.subject': 'Yoi Shigoto Station: reset your password',
    'mail.reset.body':
      'Use this link to choose a new password (valid for one hour):\n\n{link}\n\nIf you did not ask for this, you do not need to do anything.',
    'mail.passwordChanged.subject': 'Yoi Shigoto Station: your password was changed',
    'mail.passwordChanged.body':
      'Your password was changed and every device was signed out.\nIf this was not you, reset your password now: {forgot}',

    'mailbox.title': 'Development mailbox',
    'mailbox.lead': 'SMTP_URL is not set, so mail is shown here instead of being sent (development only).',
    'mailbox.empty': 'No mail.',
    'mailbox.to': 'To',
    'mailbox.sent': 'Sent',
    'mailbox.pending': 'Not sent',

    'error.csrf.body': 'This form cannot be sent from here. Reload the page and try again.',
  },
);
