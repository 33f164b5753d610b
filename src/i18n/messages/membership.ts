import { defineMessages } from '../define.js';

/** Membership: applying to join (参加申請), staff and invitations, and their mails. */
export const membershipMessages = defineMessages(
  {
    'membership.kind.coop': '協同組合・参加団体',
    'membership.kind.school': '学校',
    'membership.kind.support': '支援機関（相談員の団体）',
    'membership.kind.secretariat': '事務局',
    'membership.kindHint.coop': '求人を掲載し、見学や体験を受け入れる団体です。',
    'membership.kindHint.school': '高校・専門学校・大学などの進路・キャリア担当です。',
    'membership.kindHint.support':
      '自立相談支援機関、地域若者サポートステーション、福祉事務所など、相談員のいる団体です。',

    'membership.apply.title': '参加申請',
    'membership.apply.lead':
      'よいしごとステーションに参加する団体の申請です。事務局が内容を確認し、結果をメールでお知らせします。承認されると、団体の管理ページからスタッフの招待や求人の掲載ができます。',
    'membership.apply.organisation': '団体について',
    'membership.apply.kind': '団体の種類',
    'membership.apply.legalForm': '法人格',
    'membership.apply.name': '団体名',
    'membership.apply.nameHint': '正式な名称を入力してください（例：労働者協同組合みどりの里）。',
    'membership.apply.kana': '団体名のよみがな',
    'membership.apply.kanaHint': 'ひらがなかカタカナで入力してください（例：みどりのさと）。',
    'membership.apply.prefecture': '主な所在地（都道府県）',
    'membership.apply.choose': '選んでください',
    'membership.apply.chooseOne': '選んでください。',
    'membership.apply.description': '団体の紹介',
    'membership.apply.descriptionHint':
      'どんな活動をしているか、事業所のある地域など。承認後、参加団体のページに表示されます。',
    'membership.apply.website': 'ウェブサイト',
    'membership.apply.contact': '団体の問い合わせ窓口',
    'membership.apply.contactLead':
      '承認後に公開される、団体の窓口の連絡先です。個人のメールアドレスや携帯電話ではなく、団体の代表・窓口の連絡先を入力してください。メールアドレスか電話番号の、どちらかは必要です。',
    'membership.apply.contactEmail': '窓口のメールアドレス',
    'membership.apply.contactPhone': '窓口の電話番号',
    'membership.apply.contactPhoneHint': '例：03-1234-5678',
    'membership.apply.contactRequired': 'メールアドレスか電話番号の、どちらかを入力してください。',
    'membership.apply.submit': '参加を申請する',
    'membership.apply.tooMany':
      '審査中の申請が多すぎます。事務局の結果が出てから、もう一度申請してください。',
    'membership.apply.purpose.title': '入力いただいた情報の利用目的',
    'membership.apply.purpose.body':
      '団体の情報は、事務局による参加の審査と、承認後の参加団体ページ・求人への掲載に使います。申請したあなたのお名前とメールアドレスは、審査の連絡と団体の管理にだけ使い、公開しません。',

    'membership.applications.title': '参加申請の状況',
    'membership.applications.lead': 'あなたが申請した団体と、事務局の審査の結果です。',
    'membership.applications.empty': '申請した団体はありません。',
    'membership.applications.applyNew': '新しく参加を申請する',
    'membership.applications.appliedAt': '申請日',
    'membership.applications.state': '状況',
    'membership.applications.reason': '事務局からの理由',
    'membership.applications.reapply': '内容を見直して、もう一度申請できます。',
    'membership.applications.open': '団体の管理ページを開く',
    'membership.state.pending': '審査中',
    'membership.state.approved': '承認済み',
    'membership.state.declined': '承認されませんでした',

    'membership.members.title': 'スタッフの管理',
    'membership.members.lead': '{organisation} のスタッフと、招待中の人です。',
    'membership.members.current': 'スタッフ',
    'membership.members.name': 'お名前',
    'membership.members.email': 'メールアドレス',
    'membership.members.role': '役割',
    'membership.members.since': '参加日',
    'membership.members.actions': '操作',
    'membership.members.you': '（あなた）',
    'membership.members.remove': 'スタッフから外す',
    'membership.members.leave': 'この団体から抜ける',
    'membership.members.makeAdmin': '管理者にする',
    'membership.members.makeMember': 'メンバーにする',
    'membership.members.lastAdmin': '最後の管理者は外せません。先にほかのスタッフを管理者にしてください。',
    'membership.members.lastAdminRole':
      '最後の管理者はメンバーにできません。先にほかのスタッフを管理者にしてください。',
    'membership.members.pending': '招待中',
    'membership.members.noPending': '招待中の人はいません。',
    'membership.members.expires': '有効期限',
    'membership.members.revoke': '招待を取り消す',

    'membership.invite.title': 'スタッフを招待する',
    'membership.invite.lead':
      '招待メールのリンクから、相手がこの団体のスタッフとして参加します。リンクは{days}日間有効で、1回だけ使えます。同じアドレスにもう一度送ると、前のリンクは使えなくなります。',
    'membership.invite.email': '招待する人のメールアドレス',
    'membership.invite.role': '役割',
    'membership.invite.role.member': 'メンバー：求人や事業所の作成・更新ができます。',
    'membership.invite.role.admin': '管理者：メンバーの権限に加えて、スタッフの招待と削除ができます。',
    'membership.invite.locale': '招待メールの言語',
    'membership.invite.localeHint': '相手がすでに登録している場合は、その人が選んだ言語で送ります。',
    'membership.invite.locale.ja': '日本語',
    'membership.invite.locale.en': '英語（English）',
    'membership.invite.submit': '招待メールを送る',
    'membership.invite.alreadyMember': 'この人はすでにこの団体のスタッフです。',
    'membership.invite.tooMany':
      '招待中の人が多すぎます。使われていない招待を取り消してから、もう一度お試しください。',
    'membership.invite.notApproved': '事務局が参加を承認したあとで、スタッフを招待できます。',
    'membership.invite.purpose.title': 'メールアドレスの利用目的',
    'membership.invite.purpose.body':
      '入力したメールアドレスは、招待メールを送ることと、招待を受けた人の確認にだけ使います。',

    'membership.notice.applied': '参加申請を受け付けました。審査の結果はメールでお知らせします。',
    'membership.notice.alreadyApplied':
      'この団体の申請はすでに受け付けています。審査の結果をお待ちください。',
    'membership.notice.invited': '招待メールを送りました。',
    'membership.notice.revoked': '招待を取り消しました。',
    'membership.notice.removed': 'スタッフから外しました。',
    'membership.notice.roleChanged': '役割を変更しました。',

    'membership.accept.title': 'スタッフへの招待',
    'membership.accept.lead': '「{organisation}」から、スタッフ（{role}）として招待されています。',
    'membership.accept.submit': '招待を受けて参加する',
    'membership.accept.signinLead':
      '招待を受けるには、招待されたメールアドレス（{email}）のアカウントでログインしてください。',
    'membership.accept.signin': 'ログインして招待を受ける',
    'membership.accept.signupLead':
      'アカウントがない場合は、招待されたメールアドレスで新規登録し、確認メールのリンクを開いてから、もう一度この招待のリンクを開いてください。',
    'membership.accept.signup': '新規登録する',
    'membership.accept.wrongEmail':
      'この招待は、別のメールアドレス（{email}）あてです。招待されたメールアドレスのアカウントで、ログインし直してください。',
    'membership.accept.invalid.title': 'この招待は使えません',
    'membership.accept.invalid.body':
      'リンクが正しくありません。メールにあるリンクを、そのまま開いてください。',
    'membership.accept.expired.body':
      'この招待の有効期限が過ぎています。団体の管理者に、もう一度招待してもらってください。',
    'membership.accept.revoked.body': 'この招待は、団体の管理者によって取り消されました。',
    'membership.accept.used.body':
      'この招待はすでに使われています。参加済みの場合は、ログインして「アカウント」から団体を開いてください。',

    'membership.mail.applied.subject': '【よいしごとステーション】参加申請を受け付けました',
    'membership.mail.applied.body':
      '{name} さん\n\n「{organisation}」の参加申請を受け付けました。\n事務局が内容を確認し、結果をメールでお知らせします。\n\n申請の状況：{link}',
    'membership.mail.invited.subject': '【よいしごとステーション】{organisation} からスタッフへの招待',
    'membership.mail.invited.body':
      '{inviter} さんから、「{organisation}」のスタッフ（{role}）として、よいしごとステーションに招待されました。\n\n次のリンクを開いて、招待を受けてください（{days}日間有効・1回だけ使えます）。\n{link}\n\nこのメールアドレスでまだ登録していない場合は、リンク先の案内にしたがって登録してください。',
    'membership.mail.removed.subject': '【よいしごとステーション】団体のスタッフから外れました',
    'membership.mail.removed.body':
      '「{organisation}」のスタッフから外れました。この団体の管理ページは使えなくなります。\nお心当たりがない場合は、団体の管理者にお問い合わせください。',
  },
  {
    'membership.kind.coop': 'Co-op (participating organisation)',
    'membership.kind.school': 'School',
    'membership.kind.support': 'Support organisation (counselors)',
    'membership.kind.secretariat': 'Secretariat',
    'membership.kindHint.coop': 'Publishes job postings and welcomes visits and work trials.',
    'membership.kindHint.school': 'Career staff of a high school, vocational school or university.',
    'membership.kindHint.support':
      'An organisation with counselors, such as a self-reliance support centre, a youth support station or a welfare office.',

    'membership.apply.title': 'Apply to join',
    'membership.apply.lead':
      'Apply for your organisation to join Yoi Shigoto Station. The secretariat checks the application and tells you the result by e-mail. Once approved, you can invite your staff and publish job postings.',
    'membership.apply.organisation': 'About the organisation',
    'membership.apply.kind': 'Kind of organisation',
    'membership.apply.legalForm': 'Legal form',
    'membership.apply.name': 'Name of the organisation',
    'membership.apply.nameHint': 'The official name (for example 労働者協同組合みどりの里).',
    'membership.apply.kana': 'Reading of the name in kana',
    'membership.apply.kanaHint': 'In hiragana or katakana (for example みどりのさと).',
    'membership.apply.prefecture': 'Main location (prefecture)',
    'membership.apply.choose': 'Choose one',
    'membership.apply.chooseOne': 'Please choose one.',
    'membership.apply.description': 'About your organisation',
    'membership.apply.descriptionHint':
      'What you do and where your workplaces are. Shown on your organisation’s page once approved.',
    'membership.apply.website': 'Website',
    'membership.apply.contact': 'The organisation’s contact desk',
    'membership.apply.contactLead':
      'Published once approved. Give the organisation’s desk, not a person’s own e-mail address or mobile number. An e-mail address or a phone number is needed.',
    'membership.apply.contactEmail': 'Desk e-mail address',
    'membership.apply.contactPhone': 'Desk phone number',
    'membership.apply.contactPhoneHint': 'For example 03-1234-5678',
    'membership.apply.contactRequired': 'Enter an e-mail address or a phone number.',
    'membership.apply.submit': 'Send the application',
    'membership.apply.tooMany':
      'You have too many applications waiting. Please wait for the secretariat’s answer, then apply again.',
    'membership.apply.purpose.title': 'How we use what you enter',
    'membership.apply.purpose.body':
      'The organisation’s details are used for the secretariat’s review and, once approved, on its public page and postings. Your own name and e-mail address are used only to contact you about the application and to manage the organisation; they are not published.',

    'membership.applications.title': 'Your applications',
    'membership.applications.lead': 'The organisations you applied for, and the secretariat’s answers.',
    'membership.applications.empty': 'You have not applied for any organisation.',
    'membership.applications.applyNew': 'Apply for another organisation',
    'membership.applications.appliedAt': 'Applied on',
    'membership.applications.state': 'Status',
    'membership.applications.reason': 'The secretariat’s reason',
    'membership.applications.reapply': 'You can revise the details and apply again.',
    'membership.applications.open': 'Open the organisation’s pages',
    'membership.state.pending': 'Under review',
    'membership.state.approved': 'Approved',
    'membership.state.declined': 'Not approved',

    'membership.members.title': 'Staff',
    'membership.members.lead': 'The staff of {organisation} and the people invited.',
    'membership.members.current': 'Staff',
    'membership.members.name': 'Name',
    'membership.members.email': 'E-mail address',
    'membership.members.role': 'Role',
    'membership.members.since': 'Joined',
    'membership.members.actions': 'Actions',
    'membership.members.you': '(you)',
    'membership.members.remove': 'Remove from staff',
    'membership.members.leave': 'Leave this organisation',
    'membership.members.makeAdmin': 'Make admin',
    'membership.members.makeMember': 'Make member',
    'membership.members.lastAdmin': 'The last admin cannot be removed. Make someone else an admin first.',
    'membership.members.lastAdminRole':
      'The last admin cannot become a member. Make someone else an admin first.',
    'membership.members.pending': 'Invited',
    'membership.members.noPending': 'Nobody is invited at the moment.',
    'membership.members.expires': 'Expires',
    'membership.members.revoke': 'Withdraw the invitation',

    'membership.invite.title': 'Invite staff',
    'membership.invite.lead':
      'The person joins as staff of this organisation through the link in the invitation e-mail. The link works for {days} days, once. Sending to the same address again makes the earlier link stop working.',
    'membership.invite.email': 'E-mail address of the person to invite',
    'membership.invite.role': 'Role',
    'membership.invite.role.member': 'Member: can create and update postings and workplaces.',
    'membership.invite.role.admin': 'Admin: everything a member can do, and invite and remove staff.',
    'membership.invite.locale': 'Language of the invitation e-mail',
    'membership.invite.localeHint': 'If the person already has an account, the language they chose is used.',
    'membership.invite.locale.ja': 'Japanese (日本語)',
    'membership.invite.locale.en': 'English',
    'membership.invite.submit': 'Send the invitation',
    'membership.invite.alreadyMember': 'This person is already on the staff of this organisation.',
    'membership.invite.tooMany': 'Too many invitations are open. Withdraw unused ones, then try again.',
    'membership.invite.notApproved':
      'You can invite staff once the secretariat has approved the organisation.',
    'membership.invite.purpose.title': 'How we use the e-mail address',
    'membership.invite.purpose.body':
      'The address is used only to send the invitation and to check the person who accepts it.',

    'membership.notice.applied': 'Your application was received. We will e-mail you the result.',
    'membership.notice.alreadyApplied':
      'This application was already received. Please wait for the secretariat’s answer.',
    'membership.notice.invited': 'The invitation was sent.',
    'membership.notice.revoked': 'The invitation was withdrawn.',
    'membership.notice.removed': 'The person was removed from the staff.',
    'membership.notice.roleChanged': 'The role was changed.',

    'membership.accept.title': 'Invitation to join the staff',
    'membership.accept.lead': '“{organisation}” invites you to join its staff ({role}).',
    'membership.accept.submit': 'Accept and join',
    'membership.accept.signinLead':
      'To accept, sign in with the account of the invited e-mail address ({email}).',
    'membership.accept.signin': 'Sign in to accept',
    'membership.accept.signupLead':
      'No account yet? Sign up with the invited e-mail address, open the link in the confirmation e-mail, then open this invitation link again.',
    'membership.accept.signup': 'Sign up',
    'membership.accept.wrongEmail':
      'This invitation is for another e-mail address ({email}). Sign in again with the account of the invited address.',
    'membership.accept.invalid.title': 'This invitation cannot be used',
    'membership.accept.invalid.body': 'The link is not right. Open the link in the e-mail exactly as it is.',
    'membership.accept.expired.body':
      'This invitation has expired. Ask the organisation’s admin to invite you again.',
    'membership.accept.revoked.body': 'The organisation’s admin withdrew this invitation.',
    'membership.accept.used.body':
      'This invitation was already used. If you joined, sign in and open the organisation from your account.',

    'membership.mail.applied.subject': 'Yoi Shigoto Station: your application was received',
    'membership.mail.applied.body':
      'Hello {name},\n\nWe received the application for “{organisation}” to join.\nThe secretariat will check it and e-mail you the result.\n\nYour applications: {link}',
    'membership.mail.invited.subject': 'Yoi Shigoto Station: {organisation} invites you to join its staff',
    'membership.mail.invited.body':
      '{inviter} invites you to join the staff of “{organisation}” ({role}) on Yoi Shigoto Station.\n\nOpen this link to accept (valid for {days} days, once):\n{link}\n\nIf you have no account with this e-mail address yet, the page will tell you how to sign up.',
    'membership.mail.removed.subject': 'Yoi Shigoto Station: you are no longer on an organisation’s staff',
    'membership.mail.removed.body':
      'You are no longer on the staff of “{organisation}” and cannot use its pages any more.\nIf you did not expect this, please ask the organisation’s admin.',
  },
);
