import { defineMessages } from '../define.js';

/**
 * The trust pages every job board in Japan carries: how personal data is handled (個人情報の取扱い), who runs
 * the station (運営者) and how to reach it. They describe only what the product does today.
 */
export const pagesMessages = defineMessages(
  {
    'footer.links': 'サイトについて',
    'footer.privacy': '個人情報の取扱い',
    'footer.operator': '運営者',
    'footer.contact': 'お問い合わせ',
    'purpose.more': '個人情報の取扱いについて詳しく',

    'privacy.title': '個人情報の取扱い',
    'privacy.lead':
      '{operator}（以下「事務局」）は、よいしごとステーションでお預かりする個人情報を、個人情報の保護に関する法律（個人情報保護法）にしたがって取り扱います。',
    'privacy.collect.title': 'お預かりする情報',
    'privacy.collect.account':
      'アカウントを作るとき: メールアドレス、お名前（ニックネームでもかまいません）、パスワード（元に戻せない形に変換して保存し、事務局も読めません）。',
    'privacy.collect.organisation':
      '団体として参加を申し込むとき: 団体の名前・所在地・連絡先と、担当者のお名前・連絡先。',
    'privacy.collect.noSearch': '求人をさがすだけなら、アカウントも個人情報もいりません。',
    'privacy.collect.sensitive':
      '障がい・病気・生活保護の受給などの配慮が必要な個人情報（要配慮個人情報）を、入力していただく必要はありません。',
    'privacy.purpose.title': '利用目的',
    'privacy.purpose.login': 'ログインと本人確認、パスワードの再設定のため',
    'privacy.purpose.contact': 'お申し込みや参加申請について、ご本人や団体に連絡するため',
    'privacy.purpose.review': '参加団体の承認と、求人票の内容の確認のため',
    'privacy.purpose.stats': '個人がわからない形に集計した数（登録数など）を、参加団体への報告に使うため',
    'privacy.thirdParty.title': '第三者への提供',
    'privacy.thirdParty.body':
      'ご本人の同意がある場合と、法令にもとづく場合のほかは、個人情報をほかの団体や第三者に渡しません。',
    'privacy.safety.title': '安全のための取組み',
    'privacy.safety.body':
      '個人情報を見られるのは、ご本人と、見学・体験を申し込んだ先の団体の担当者と、必要な範囲の事務局の担当者だけです。事務局の操作は記録に残します。サーバーの記録（ログ）には、お名前・メールアドレス・電話番号を残しません。',
    'privacy.rights.title': '開示・訂正・削除のご請求',
    'privacy.rights.body':
      'ご自分の情報の開示・訂正・利用停止・削除は、下の窓口にご請求ください。アカウントは、アカウントのページからいつでもご自分で削除できます。',
    'privacy.cookies.title': 'Cookie（クッキー）',
    'privacy.cookies.body':
      'ログインの状態と、選んだ言語を覚えるためだけに使います。広告や、ほかのサイトでの追跡には使いません。',
    'privacy.desk.title': 'お問い合わせ窓口',
    'privacy.desk.body': '{operator}　メール: {email}',

    'operator.title': '運営者',
    'operator.lead':
      'よいしごとステーションは、協同組合が力を合わせて運営する求人の窓口です。営利の求人広告サイトではありません。求人票の紹介と、見学・体験の申込みができます。講座の案内は、これから加わります。',
    'operator.name': '運営',
    'operator.contact': '連絡先',
    'operator.role.title': '参加団体の役割',
    'operator.role.body':
      '労働者協同組合（ワーカーズコープ）、ワーカーズ・コレクティブ、生活協同組合などの参加団体が、自分たちの事業所の求人を掲載します。求人の内容は、掲載した団体が責任をもちます。',
    'operator.secretariat.title': '事務局の役割',
    'operator.secretariat.body':
      '事務局は、参加団体の承認、求人票の内容の確認（年齢制限や、本籍・家族などを尋ねる項目がないか、最低賃金を下回らないか）と、このサイトの運営を行います。',
    'operator.organisations': '参加団体の一覧',

    'contact.title': 'お問い合わせ',
    'contact.lead':
      'このサイトについてのご質問・ご意見、個人情報についてのご請求は、メールでお寄せください。',
    'contact.email': 'メール',
    'contact.jobs':
      '求人の内容についてのご質問は、求人票に書かれた団体の連絡先に直接お問い合わせいただくのが早く確実です。',
    'contact.privacy': '個人情報の開示・訂正・削除のご請求は「個人情報の取扱い」をご覧ください。',
    'contact.noForm':
      'お問い合わせフォームはまだありません。メールには、お名前（ニックネーム可）と、返信先だけを書いていただければ十分です。',
  },
  {
    'footer.links': 'About this site',
    'footer.privacy': 'Privacy policy',
    'footer.operator': 'Who runs the station',
    'footer.contact': 'Contact',
    'purpose.more': 'More about how we handle personal data',

    'privacy.title': 'Privacy policy',
    'privacy.lead':
      '{operator} (“the secretariat”) handles the personal data entrusted to よいしごとステーション under Japan’s Act on the Protection of Personal Information.',
    'privacy.collect.title': 'What we keep',
    'privacy.collect.account':
      'When you create an account: your e-mail address, your name (a nickname is fine) and your password (stored only in a form that cannot be turned back; the secretariat cannot read it).',
    'privacy.collect.organisation':
      'When an organisation applies to take part: its name, address and contact details, and the name and contact details of the person applying.',
    'privacy.collect.noSearch': 'Searching for jobs needs no account and no personal data.',
    'privacy.collect.sensitive':
      'You never need to enter sensitive personal data (disability, illness, welfare status and the like).',
    'privacy.purpose.title': 'What we use it for',
    'privacy.purpose.login': 'Signing in, confirming it is you, and resetting your password',
    'privacy.purpose.contact': 'Contacting you or your organisation about what you asked for or applied for',
    'privacy.purpose.review': 'Approving participating organisations and checking job postings',
    'privacy.purpose.stats':
      'Reporting counts that identify nobody (such as the number of sign-ups) to the participating organisations',
    'privacy.thirdParty.title': 'Passing data to others',
    'privacy.thirdParty.body':
      'We pass personal data to no other organisation or third party, except with your consent or where the law requires it.',
    'privacy.safety.title': 'How we keep it safe',
    'privacy.safety.body':
      'Only you, the staff of the co-op you asked for a visit or trial, and the secretariat staff who need it can see your personal data. What the secretariat staff do is recorded. Server logs never keep names, e-mail addresses or phone numbers.',
    'privacy.rights.title': 'Seeing, correcting and deleting your data',
    'privacy.rights.body':
      'To see, correct, stop the use of or delete your data, write to the desk below. You can delete your account yourself at any time from your account page.',
    'privacy.cookies.title': 'Cookies',
    'privacy.cookies.body':
      'Used only to keep you signed in and to remember your language. Never for advertising or for tracking you on other sites.',
    'privacy.desk.title': 'Privacy desk',
    'privacy.desk.body': '{operator} — e-mail: {email}',

    'operator.title': 'Who runs the station',
    'operator.lead':
      'よいしごとステーション is a desk for co-op jobs, run together by cooperatives. It is not a commercial job advertising site. You can read job postings and ask for visits and trials; courses are still to come.',
    'operator.name': 'Run by',
    'operator.contact': 'Contact',
    'operator.role.title': 'What participating organisations do',
    'operator.role.body':
      'Participating organisations — worker co-ops, workers’ collectives, consumer co-ops and others — publish the openings at their own workplaces, and answer for what their postings say.',
    'operator.secretariat.title': 'What the secretariat does',
    'operator.secretariat.body':
      'The secretariat approves participating organisations, checks postings (no age limits, no questions about family register, family or beliefs, no wage below the minimum wage) and runs this site.',
    'operator.organisations': 'Participating organisations',

    'contact.title': 'Contact',
    'contact.lead':
      'For questions or comments about this site, and for requests about your personal data, please write to us by e-mail.',
    'contact.email': 'E-mail',
    'contact.jobs':
      'For questions about a job, the organisation’s contact details on the posting are the quickest and surest way.',
    'contact.privacy': 'For requests to see, correct or delete your data, see the privacy policy.',
    'contact.noForm':
      'There is no contact form yet. Your name (a nickname is fine) and an address to reply to are all we need.',
  },
);
