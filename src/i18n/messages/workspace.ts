import { defineMessages } from '../define.js';

/** The co-op workspace (団体の管理画面): profile, governance card, workplaces and job postings. */
export const workspaceMessages = defineMessages(
  {
    'workspace.nav.label': '団体の管理画面',
    'workspace.nav.dashboard': '{name}の管理画面',
    'workspace.nav.back': '← アカウントのページへ',
    'workspace.nav.home': '求人票の一覧',
    'workspace.nav.overview': '団体のトップ',
    'workspace.nav.members': 'スタッフと招待',
    'workspace.nav.profile': '団体の情報・運営のしくみ',
    'workspace.nav.workplaces': '事業所',
    'workspace.nav.newPosting': '求人票をつくる',

    'workspace.notice.saved': '保存しました。',
    'workspace.notice.nothingChanged': '変更はありませんでした。',
    'workspace.notice.postingCreated': '求人票を下書きとして保存しました。',
    'workspace.notice.published': '求人を公開しました。求人検索に表示されます。',
    'workspace.notice.submitted': '事務局の確認に出しました。確認が済むと公開されます。',
    'workspace.notice.revisionSubmitted':
      '変更を事務局の確認に出しました。確認が済むまで、公開中の求人は変更前の内容のまま表示されます。',
    'workspace.notice.closed': '募集を終了しました。',
    'workspace.notice.filled': '採用が決まったことを記録し、募集を終了しました。',
    'workspace.notice.duplicated': '求人票をコピーして、新しい下書きをつくりました。',
    'workspace.notice.renewed': '掲載を再開しました。',
    'workspace.notice.workplaceCreated': '事業所を登録しました。',

    'workspace.approval.pending': '参加申請は事務局の確認待ちです。',
    'workspace.approval.pendingBody':
      '承認されるまで、求人は公開できません。団体の情報・事業所・求人票の下書きは、いまから準備できます。',
    'workspace.approval.declined': '参加申請は承認されませんでした。',
    'workspace.approval.reason': '事務局からの理由',
    'workspace.approval.cannotPublish':
      'この団体はまだ事務局に承認されていないため、求人を公開できません。下書きとして保存できます。',
    'workspace.notApproved.body': '事務局に承認された団体だけが、求人を公開できます。',
    'workspace.trust.trusted': 'この団体の求人は、公開するとすぐに求人検索に表示されます。',
    'workspace.trust.review': 'この団体の求人は、事務局が内容を確認してから公開されます。',
    'workspace.notCoop':
      'いまできるのは、団体の情報の編集と、スタッフの招待です。事務局の承認のあと、学校は生徒の職場見学・インターンシップを、相談支援機関は相談者の見学・体験を申し込めます。',

    'workspace.dashboard.workplaces': '事業所（{count}か所）',
    'workspace.dashboard.publicPage': '公開されている団体のページを見る',
    'workspace.dashboard.noWorkplaces': '求人票をつくる前に、働く場所（事業所）を登録してください。',
    'workspace.dashboard.drafts': '下書き',
    'workspace.dashboard.inReview': '事務局の確認待ち',
    'workspace.dashboard.published': '公開中',
    'workspace.dashboard.ended': '募集終了',
    'workspace.dashboard.noDrafts': '下書きはありません。',
    'workspace.dashboard.noneInReview': '確認待ちの求人はありません。',
    'workspace.dashboard.nonePublished': '公開中の求人はありません。',
    'workspace.dashboard.noneEnded': '募集を終えた求人はありません。',
    'workspace.dashboard.expired': '掲載期限（{date}）を過ぎました。まもなく自動で募集終了になります。',
    'workspace.dashboard.revisionInReview': '変更を事務局が確認中です（公開中の内容は変わっていません）',
    'workspace.dashboard.revisionReturned': '変更が差し戻されました（公開中の内容は変わっていません）',
    'workspace.dashboard.closingSoon':
      '掲載期限が近づいています（{date}まで）。続けるときは「掲載を延ばす」を押してください。',
    'workspace.dashboard.openUntil': '掲載日 {posted} ・ 掲載期限 {date}',
    'workspace.dashboard.wasOpen': '掲載日 {posted} ・ 掲載期限 {date}',

    'workspace.status.draft': '下書き',
    'workspace.status.in_review': '事務局の確認待ち',
    'workspace.status.published': '公開中',
    'workspace.status.closed': '募集終了',
    'workspace.status.filled': '採用決定で終了',
    'workspace.moderationNote': '事務局からのメモ',

    'workspace.action.open': '開く',
    'workspace.action.edit': '編集する',
    'workspace.action.preview': 'プレビュー',
    'workspace.action.publish': '公開する',
    'workspace.action.submit': '事務局の確認に出す',
    'workspace.action.close': '募集を終了する',
    'workspace.action.fill': '採用が決まった',
    'workspace.action.extend': '掲載を延ばす',
    'workspace.action.renew': '掲載を再開する',
    'workspace.action.duplicate': 'コピーして新しくつくる',
    'workspace.action.saveDraft': '下書きとして保存',
    'workspace.action.savePublished': '保存する（公開を続ける）',
    'workspace.action.saveAndSubmit': '保存して事務局の確認に出す',
    'workspace.action.renewPublish': 'この内容で掲載を再開する',
    'workspace.action.renewSubmit': 'この内容で事務局の確認に出す',

    'workspace.profile.title': '団体の情報',
    'workspace.profile.heading': '団体のプロフィール',
    'workspace.profile.lead': '参加団体の一覧と、求人のページに表示されます。',
    'workspace.profile.name': '団体の名前',
    'workspace.profile.nameKana': '団体の名前のよみがな',
    'workspace.profile.nameKanaHint': 'ひらがな、またはカタカナで書いてください。一覧はこの順にならびます。',
    'workspace.profile.description': '団体の紹介',
    'workspace.profile.descriptionHint':
      'どんな仕事をしているか、どんな人が働いているかなどを書いてください。',
    'workspace.profile.websiteHint': 'https:// から始まるアドレス',
    'workspace.profile.contactEmail': '問い合わせ窓口のメールアドレス',
    'workspace.profile.contactHint':
      '団体の窓口のアドレスを書いてください。個人のアドレスは書かないでください。',
    'workspace.profile.contactPhone': '問い合わせ窓口の電話番号',
    'workspace.profile.save': '団体の情報を保存',

    'workspace.governance.lead':
      '協同組合のしくみを、求職者にわかるように示します。わかる項目だけ記入してください。',
    'workspace.governance.memberCount': '組合員の人数',
    'workspace.governance.workerCount': '働いている人の人数',
    'workspace.governance.decisionHint': '例：総会で1人1票。毎月の全体会議で仕事の分担を決めます。',
    'workspace.governance.rules': '決め方・設立',
    'workspace.governance.oneMemberOneVote': '1人1票で決める',
    'workspace.governance.shareAmount': '出資金（1口あたり）',
    'workspace.governance.yenHint': '円。数字で書いてください。',
    'workspace.governance.sharesRequired': '組合員が出資する口数',
    'workspace.governance.surplusNotes': '剰余金の分け方についての説明',
    'workspace.governance.foundedYear': '設立した年',
    'workspace.governance.foundedYearHint': '西暦で書いてください（例：2023）。',
    'workspace.governance.save': '運営のしくみを保存',
    'workspace.governance.law2022Year':
      '労働者協同組合法は2022年10月に施行されました。設立した年を確かめてください。',

    'workspace.workplaces.title': '事業所',
    'workspace.workplaces.none': 'まだ事業所が登録されていません。',
    'workspace.workplace.newTitle': '事業所を登録する',
    'workspace.workplace.editTitle': '事業所を編集する',
    'workspace.workplace.nameHint': '例：みどりの風 千代田事業所',
    'workspace.workplace.postalCode': '郵便番号',
    'workspace.workplace.postalCodeHint': '例：100-0001',
    'workspace.workplace.showMunicipalities': 'この都道府県の市区町村を表示',
    'workspace.workplace.municipalityHint':
      '都道府県を変えたときは「この都道府県の市区町村を表示」を押してください。',
    'workspace.workplace.choosePrefectureFirst':
      '都道府県を選んで「この都道府県の市区町村を表示」を押すと、市区町村を選べます。',
    'workspace.workplace.addressLine': '市区町村より後の住所',
    'workspace.workplace.addressLineHint': '例：千代田1-1 みどりビル2階',
    'workspace.workplace.stationHint': '例：東京駅',
    'workspace.workplace.walkMinutes': '最寄り駅から歩いて何分',
    'workspace.workplace.accessNotesHint': 'バスの路線、目印など',
    'workspace.workplace.facilities': '設備',
    'workspace.workplace.stepFree': '段差のない出入口がある',
    'workspace.workplace.parking': '駐車場がある',
    'workspace.workplace.save': '事業所を保存',

    'workspace.form.count': '0以上の整数で書いてください。',
    'workspace.form.year': '西暦4けたで、今年までの年を書いてください。',
    'workspace.form.postalCode': '郵便番号は7けたの数字で書いてください（例：100-0001）。',
    'workspace.form.postalCodeOtherPrefecture':
      'この郵便番号は、選んだ都道府県のものではないようです。郵便番号と都道府県を確かめてください。正しい場合は、下の「この郵便番号で正しい」にチェックを入れて保存してください。',
    'workspace.workplace.postalCodeConfirm': 'この郵便番号で正しい（都道府県の境にある地域など）',
    'workspace.form.choosePrefecture': '都道府県を選んでください。',
    'workspace.form.chooseMunicipality': '市区町村を選んでください。',
    'workspace.form.municipalityNotInPrefecture':
      'この市区町村は、選んだ都道府県にありません。「この都道府県の市区町村を表示」を押して選び直してください。',
    'workspace.form.walkMinutes': '0から180までの数字で書いてください。',
    'workspace.form.resubmit': 'フォームの有効期限が切れました。内容を確かめて、もう一度送ってください。',

    'workspace.posting.newTitle': '求人票をつくる',
    'workspace.posting.editTitle': '求人票を編集する',
    'workspace.posting.renewTitle': '掲載を再開する・延ばす',
    'workspace.posting.statusLine': 'いまの状態：{status}',
    'workspace.posting.inReviewNote':
      '事務局が確認しています。「下書きとして保存」すると確認は取り下げられ、下書きにもどります。',
    'workspace.posting.publishedUntrustedNote':
      '公開中の求人です。保存した変更は、事務局が確認してから反映されます。それまでは今の内容のまま公開されます。',
    'workspace.posting.revisionInReview':
      'この求人への変更は事務局の確認待ちです。下の欄は送った変更の内容です。確認が済むまで、公開中の求人は変更前の内容のまま表示されます。',
    'workspace.posting.revisionReturned':
      '事務局がこの変更を差し戻しました。公開中の求人は変更前の内容のまま表示されています。直して保存すると、もう一度確認を依頼します。',
    'workspace.posting.renewLead':
      '掲載日は今日になります。新しい掲載期限を選び、内容も確かめてください。公開のときと同じ確認をします。',
    'workspace.posting.readiness': '公開する前に、次の項目を直してください',
    'workspace.posting.ready': 'この求人票は公開できる状態です。',
    'workspace.posting.formLead':
      'ハローワークの求人票と同じ順に並んでいます。下書きは途中まででも保存できます。公開するときには、法律で示すことが決まっている項目をすべて確認します。',
    'workspace.posting.otherActions': 'この求人票でできること',
    'workspace.posting.endedLead':
      '募集を終えた求人は編集できません。同じ内容でまた募集するときは「掲載を再開する」、似た求人をつくるときは「コピーして新しくつくる」を使ってください。',
    'workspace.posting.notEditable':
      '募集を終えた求人は編集できません。掲載を再開するか、コピーしてください。',
    'workspace.posting.notDraft': 'この求人は下書きではないため、公開できません。',
    'workspace.posting.notPublished': 'この求人はいま公開されていないため、この操作はできません。',
    'workspace.posting.notRenewable': 'この求人は、いまは掲載を再開できません。',
    'workspace.posting.publishBlocked': 'このままでは公開できません。次の項目を直してください。',
    'workspace.posting.copySuffix': '（コピー）',

    'workspace.preview.label': 'プレビュー',
    'workspace.preview.banner': 'プレビュー：公開されたときの見え方です。いまの状態は「{status}」です。',
    'workspace.preview.back': '求人票にもどる',

    'workspace.mail.expiring.subject': '【よいしごとステーション】求人「{title}」の掲載期限が近づいています',
    'workspace.mail.expiring.body':
      '求人「{title}」は {date} で掲載期限になり、翌日に自動で募集終了になります。\n\n募集を続けるときは、団体の管理画面から「掲載を延ばす」を選んでください。\n{link}\n\n採用が決まったときは「採用が決まった」を押してください。',

    'posting.form.choose': '選んでください。下書きにも必要です。',
    'posting.form.chooseYesNo': '「あり」か「なし」を選んでください。下書きにも必要です。',
    'posting.form.chooseWorkplace': 'この団体の事業所から選んでください。',
    'posting.form.choosePlaceholder': '選んでください',
    'posting.form.time': '時刻は「9:00」のように書いてください。',
    'posting.form.date': '日付は「2026-12-01」のように書いてください。',
    'posting.form.yen': '金額は1円以上の整数で書いてください（例：1200）。',
    'posting.form.minutes': '分の数を0から600までの整数で書いてください。',
    'posting.form.weeklyHours': '週の労働時間は0.5から80までの数字で書いてください（例：20、37.5）。',
    'posting.form.openings': '募集人数は1から999までの整数で書いてください。',
    'posting.form.timePair': '始まりと終わりの時刻は、両方書くか、両方空けてください。',
    'posting.form.timeSame': '終わりの時刻は、始まりと違う時刻にしてください。',

    'posting.label.workplace': '就業場所（事業所）',
    'posting.label.wageMin': '賃金の下限（円）',
    'posting.label.wageMax': '賃金の上限（円）',
    'posting.label.wageUnit': '賃金の形（時給・日給・月給）',
    'posting.label.workStart': '始業の時刻',
    'posting.label.workEnd': '終業の時刻',
    'posting.label.breakMinutes': '休憩時間（分）',
    'posting.label.weeklyHours': '週の労働時間（時間）',
    'posting.label.accepts': '応募の前に受け入れられること',

    'posting.block.duties': '1. 仕事内容',
    'posting.block.employment': '2. 雇用形態・雇用期間',
    'posting.block.place': '3. 就業場所',
    'posting.block.wage': '4. 賃金',
    'posting.block.hours': '5. 労働時間',
    'posting.block.daysOff': '6. 休日',
    'posting.block.insurance': '7. 加入保険',
    'posting.block.requirements': '8. 応募の条件・歓迎',
    'posting.block.membership': '9. 協同労働（組合員になるとは）',
    'posting.block.engagements': '10. 見学・体験',
    'posting.block.period': '11. 掲載期間',

    'posting.hint.title': '求人の一覧に表示される名前です。例：デイサービスの介護スタッフ',
    'posting.hint.occupation': '例：介護職員、調理補助、清掃スタッフ',
    'posting.hint.neededForDraft': '下書きで保存するときにも選んでください。',
    'posting.hint.duties': '1日の流れや、具体的な作業を書いてください。',
    'posting.hint.changeScope':
      '雇入れ直後と、将来変わりうる範囲を書いてください（例：雇入れ直後 デイサービスの介護／変更の範囲 法人の定める業務）。',
    'posting.hint.contractDetails':
      '期間の定めがあるときは、契約期間、更新の有無、更新の上限を書いてください（例：1年ごとに更新。更新上限なし）。',
    'posting.hint.workplace': '事業所は「事業所」のページで登録・編集できます。',
    'posting.hint.wageMin':
      '地域別最低賃金を下回ることはできません。日給・月給は、労働時間で時給に換算して確かめます。',
    'posting.hint.commutingPay': '例：実費支給（上限月2万円）',
    'posting.hint.time': '例：9:00',
    'posting.hint.timeEnd': '例：17:00',
    'posting.hint.breakMinutes':
      '労働時間が6時間を超えるときは45分以上、8時間を超えるときは60分以上必要です。',
    'posting.hint.weeklyHours': '例：20、37.5',
    'posting.hint.workDays': '例：月〜金のうち週3日から（相談できます）',
    'posting.hint.overtime': '例：月平均5時間程度',
    'posting.hint.daysOff': '例：土日祝、年末年始（年間休日120日）',
    'posting.hint.insurance':
      'それぞれ「あり」か「なし」を選んでください。労災保険は、働く人すべてが対象です。',
    'posting.hint.requirements':
      '年齢を限ること、本籍・出身地・家族のこと・宗教・支持政党などを書くことや尋ねることはできません。',
    'posting.hint.membershipTerms':
      '組合員になるときの出資や、話し合いへの参加のしかたなどを書いてください。',
    'posting.hint.validThrough': '掲載日から{months}か月以内の日付にしてください。',

    'posting.rule.required.title': '職種を書いてください。',
    'posting.rule.required.occupation': '仕事の種類を書いてください。',
    'posting.rule.required.duties': '仕事の内容を書いてください。公開には必要です。',
    'posting.rule.required.changeScope':
      '仕事内容と就業場所の変更の範囲を書いてください（2024年4月から示すことが必要です）。',
    'posting.rule.required.employmentForm': '雇用形態を選んでください。',
    'posting.rule.required.contractType': '雇用期間の定めがあるかどうかを選んでください。',
    'posting.rule.required.contractDetails':
      '期間の定めがあるときは、契約期間と、更新の有無・上限を書いてください。',
    'posting.rule.required.workplace': '就業場所（事業所）を選んでください。',
    'posting.rule.required.workStart': '始業の時刻を書いてください。',
    'posting.rule.required.workEnd': '終業の時刻を書いてください。',
    'posting.rule.required.breakMinutes': '休憩時間を分で書いてください（ないときは0）。',
    'posting.rule.required.weeklyHours': '週の労働時間を書いてください。',
    'posting.rule.required.workDays': '勤務日を書いてください。',
    'posting.rule.required.daysOff': '休日を書いてください。公開には必要です。',
    'posting.rule.required.insurance': '加入するかどうか、「あり」か「なし」を選んでください。',
    'posting.rule.required.validThrough': '掲載期限を選んでください。',
    'posting.rule.required.wageUnit': '時給・日給・月給のどれかを選んでください。',
    'posting.rule.required.wageMin': '賃金の下限を書いてください。公開には必要です。',
    'posting.rule.breakOver6':
      '労働時間が6時間を超えるので、休憩は45分以上にしてください（労働基準法第34条）。',
    'posting.rule.breakOver8':
      '労働時間が8時間を超えるので、休憩は60分以上にしてください（労働基準法第34条）。',
    'posting.rule.workersCompMandatory':
      '労災保険は、雇われて働く人すべてが対象です。「あり」を選んでください。',
    'posting.rule.validThroughAfterPosted': '掲載期限は、掲載日（{date}）より後の日付にしてください。',
    'posting.rule.validThroughPast': '掲載期限は、今日より後の日付にしてください。',
    'posting.rule.validThroughTooLate':
      '掲載期限は、掲載日から{months}か月以内（{date}まで）にしてください。',
    'posting.rule.wageMaxBelowMin': '賃金の上限は、下限と同じか、それより高くしてください。',
    'workspace.mail.review.subject': '【よいしごとステーション】審査を待つ求人があります',
    'workspace.mail.review.body':
      '{organisation}から、求人「{title}」の審査の依頼が届きました。内容を確かめて、掲載するか差し戻してください。\n\n{link}',
    'posting.rule.minimumWageUnknown':
      '{prefecture}の最低賃金が登録されていないため、確かめられません。事務局に連絡してください。',
    'posting.rule.belowMinimumWage': '{prefecture}の最低賃金（{date}から時給{minimum}円）を下回っています。',
    'posting.rule.belowMinimumWageConverted':
      '書かれた労働時間で時給にすると{hourly}円で、{prefecture}の最低賃金（{date}から時給{minimum}円）を下回っています。',
    'posting.rule.ageLimit':
      '「{found}」は年齢を限る書き方です。求人で年齢を限ることは、法律で原則として禁止されています（労働施策総合推進法第9条）。「年齢不問」などに書き直してください。',
    'posting.rule.forbidden.background':
      '「{found}」は、本人の責任ではないことです。書いたり尋ねたりすることはできません（職業安定法、厚生労働省「公正な採用選考」）。',
    'posting.rule.forbidden.belief':
      '「{found}」は、思想・信条にかかわることです。書いたり尋ねたりすることはできません（職業安定法、厚生労働省「公正な採用選考」）。',
    'posting.rule.forbidden.screening':
      '「{found}」は、公正な採用選考で行ってはならないことです（厚生労働省「公正な採用選考」）。',
  },
  {
    'workspace.nav.label': 'Organisation workspace',
    'workspace.nav.dashboard': 'Workspace of {name}',
    'workspace.nav.back': '← Back to your account',
    'workspace.nav.home': 'Job postings',
    'workspace.nav.overview': 'Overview',
    'workspace.nav.members': 'Staff and invitations',
    'workspace.nav.profile': 'Organisation details and governance',
    'workspace.nav.workplaces': 'Workplaces',
    'workspace.nav.newPosting': 'Create a job posting',

    'workspace.notice.saved': 'Saved.',
    'workspace.notice.nothingChanged': 'Nothing was changed.',
    'workspace.notice.postingCreated': 'The job posting was saved as a draft.',
    'workspace.notice.published': 'The job is published and appears in the job search.',
    'workspace.notice.submitted': 'Sent to the secretariat for review. It is published once they approve it.',
    'workspace.notice.revisionSubmitted':
      'Your changes were sent to the secretariat for review. Until they are approved, the published job stays online as it was.',
    'workspace.notice.closed': 'Recruiting has ended.',
    'workspace.notice.filled': 'Recorded that the job was filled; recruiting has ended.',
    'workspace.notice.duplicated': 'The posting was copied into a new draft.',
    'workspace.notice.renewed': 'The posting is open again.',
    'workspace.notice.workplaceCreated': 'The workplace was added.',

    'workspace.approval.pending': 'Your application to join is waiting for the secretariat.',
    'workspace.approval.pendingBody':
      'Jobs cannot be published until it is approved. You can already prepare your details, workplaces and draft postings.',
    'workspace.approval.declined': 'Your application to join was not approved.',
    'workspace.approval.reason': 'The secretariat’s reason',
    'workspace.approval.cannotPublish':
      'This organisation has not been approved by the secretariat yet, so jobs cannot be published. You can save drafts.',
    'workspace.notApproved.body': 'Only organisations approved by the secretariat can publish jobs.',
    'workspace.trust.trusted':
      'Jobs of this organisation appear in the search as soon as they are published.',
    'workspace.trust.review':
      'Jobs of this organisation are published after the secretariat has reviewed them.',
    'workspace.notCoop':
      'For now you can edit your organisation’s details and invite staff. Once the secretariat approves your organisation, a school can ask for workplace visits and internships for its students, and a support organisation for visits and trials for its clients.',

    'workspace.dashboard.workplaces': 'Workplaces ({count})',
    'workspace.dashboard.publicPage': 'See the organisation’s public page',
    'workspace.dashboard.noWorkplaces':
      'Before creating a job posting, add the place where the work happens.',
    'workspace.dashboard.drafts': 'Drafts',
    'workspace.dashboard.inReview': 'Waiting for the secretariat',
    'workspace.dashboard.published': 'Published',
    'workspace.dashboard.ended': 'No longer recruiting',
    'workspace.dashboard.noDrafts': 'No drafts.',
    'workspace.dashboard.noneInReview': 'Nothing is waiting for review.',
    'workspace.dashboard.nonePublished': 'No published jobs.',
    'workspace.dashboard.noneEnded': 'No ended jobs.',
    'workspace.dashboard.expired': 'Past its closing date ({date}). It will close automatically soon.',
    'workspace.dashboard.revisionInReview':
      'Your changes are with the secretariat (the published job is unchanged)',
    'workspace.dashboard.revisionReturned': 'Your changes were sent back (the published job is unchanged)',
    'workspace.dashboard.closingSoon': 'Closes soon ({date}). To keep recruiting, choose “Extend”.',
    'workspace.dashboard.openUntil': 'Posted {posted} · open until {date}',
    'workspace.dashboard.wasOpen': 'Posted {posted} · open until {date}',

    'workspace.status.draft': 'Draft',
    'workspace.status.in_review': 'Waiting for the secretariat',
    'workspace.status.published': 'Published',
    'workspace.status.closed': 'Closed',
    'workspace.status.filled': 'Filled',
    'workspace.moderationNote': 'Note from the secretariat',

    'workspace.action.open': 'Open',
    'workspace.action.edit': 'Edit',
    'workspace.action.preview': 'Preview',
    'workspace.action.publish': 'Publish',
    'workspace.action.submit': 'Send for review',
    'workspace.action.close': 'End recruiting',
    'workspace.action.fill': 'Job filled',
    'workspace.action.extend': 'Extend',
    'workspace.action.renew': 'Open again',
    'workspace.action.duplicate': 'Copy into a new posting',
    'workspace.action.saveDraft': 'Save as draft',
    'workspace.action.savePublished': 'Save (stays published)',
    'workspace.action.saveAndSubmit': 'Save and send for review',
    'workspace.action.renewPublish': 'Open again with this content',
    'workspace.action.renewSubmit': 'Send for review with this content',

    'workspace.profile.title': 'Organisation details',
    'workspace.profile.heading': 'Profile',
    'workspace.profile.lead': 'Shown in the list of organisations and on your job pages.',
    'workspace.profile.name': 'Name of the organisation',
    'workspace.profile.nameKana': 'Reading of the name (kana)',
    'workspace.profile.nameKanaHint': 'In hiragana or katakana. The list of organisations is sorted by it.',
    'workspace.profile.description': 'About the organisation',
    'workspace.profile.descriptionHint': 'What work you do, and who works with you.',
    'workspace.profile.websiteHint': 'An address starting with https://',
    'workspace.profile.contactEmail': 'E-mail address of your desk',
    'workspace.profile.contactHint': 'The organisation’s desk, not a person’s own address.',
    'workspace.profile.contactPhone': 'Phone number of your desk',
    'workspace.profile.save': 'Save details',

    'workspace.governance.lead':
      'Show job seekers how your co-op works. Fill in what you know; everything is optional.',
    'workspace.governance.memberCount': 'Number of members',
    'workspace.governance.workerCount': 'Number of people working',
    'workspace.governance.decisionHint':
      'For example: one member, one vote at the general meeting; work is shared out at a monthly meeting.',
    'workspace.governance.rules': 'Decisions and founding',
    'workspace.governance.oneMemberOneVote': 'One member, one vote',
    'workspace.governance.shareAmount': 'Capital contribution (per share)',
    'workspace.governance.yenHint': 'Yen, as a number.',
    'workspace.governance.sharesRequired': 'Shares each member takes',
    'workspace.governance.surplusNotes': 'How surplus is shared (notes)',
    'workspace.governance.foundedYear': 'Year founded',
    'workspace.governance.foundedYearHint': 'For example: 2023.',
    'workspace.governance.save': 'Save governance',
    'workspace.governance.law2022Year':
      'The Worker Cooperatives Act came into force in October 2022. Please check the year founded.',

    'workspace.workplaces.title': 'Workplaces',
    'workspace.workplaces.none': 'No workplaces yet.',
    'workspace.workplace.newTitle': 'Add a workplace',
    'workspace.workplace.editTitle': 'Edit workplace',
    'workspace.workplace.nameHint': 'For example: Midori no Kaze, Chiyoda office',
    'workspace.workplace.postalCode': 'Postal code',
    'workspace.workplace.postalCodeHint': 'For example: 100-0001',
    'workspace.workplace.showMunicipalities': 'Show this prefecture’s municipalities',
    'workspace.workplace.municipalityHint':
      'If you change the prefecture, press “Show this prefecture’s municipalities”.',
    'workspace.workplace.choosePrefectureFirst':
      'Choose a prefecture and press “Show this prefecture’s municipalities” to choose a municipality.',
    'workspace.workplace.addressLine': 'Rest of the address',
    'workspace.workplace.addressLineHint': 'For example: 千代田1-1 みどりビル2階',
    'workspace.workplace.stationHint': 'For example: 東京駅',
    'workspace.workplace.walkMinutes': 'Minutes on foot from the station',
    'workspace.workplace.accessNotesHint': 'Bus routes, landmarks and so on',
    'workspace.workplace.facilities': 'Facilities',
    'workspace.workplace.stepFree': 'Step-free entrance',
    'workspace.workplace.parking': 'Parking',
    'workspace.workplace.save': 'Save workplace',

    'workspace.form.count': 'Enter a whole number, 0 or more.',
    'workspace.form.year': 'Enter a four-digit year, no later than this year.',
    'workspace.form.postalCode': 'Enter the 7-digit postal code, for example 100-0001.',
    'workspace.form.postalCodeOtherPrefecture':
      'This postal code does not seem to belong to the prefecture chosen. Please check both. If they are right, tick “This postal code is right” below and save.',
    'workspace.workplace.postalCodeConfirm':
      'This postal code is right (an area on a prefecture border, for example)',
    'workspace.form.choosePrefecture': 'Choose a prefecture.',
    'workspace.form.chooseMunicipality': 'Choose a municipality.',
    'workspace.form.municipalityNotInPrefecture':
      'This municipality is not in the chosen prefecture. Press “Show this prefecture’s municipalities” and choose again.',
    'workspace.form.walkMinutes': 'Enter a number from 0 to 180.',
    'workspace.form.resubmit': 'This form has expired. Please check what you entered and send it again.',

    'workspace.posting.newTitle': 'Create a job posting',
    'workspace.posting.editTitle': 'Edit job posting',
    'workspace.posting.renewTitle': 'Open again or extend',
    'workspace.posting.statusLine': 'Status: {status}',
    'workspace.posting.inReviewNote':
      'The secretariat is reviewing this posting. “Save as draft” withdraws it from review.',
    'workspace.posting.publishedUntrustedNote':
      'This job is published. Changes you save appear once the secretariat has reviewed them; until then the job stays online as it is.',
    'workspace.posting.revisionInReview':
      'Your changes to this job wait for the secretariat’s review. The form shows the changes you sent. Until they are approved, the published job stays online as it was.',
    'workspace.posting.revisionReturned':
      'The secretariat sent your changes back. The published job stays online as it was. Correct the changes and save to send them for review again.',
    'workspace.posting.renewLead':
      'The posted date becomes today. Choose a new closing date and check the content: the same checks as for publishing apply.',
    'workspace.posting.readiness': 'Before publishing, please fix the following',
    'workspace.posting.ready': 'This posting is ready to publish.',
    'workspace.posting.formLead':
      'The form follows the order of the Hello Work job form. Drafts can be saved incomplete; publishing checks everything the law requires a posting to show.',
    'workspace.posting.otherActions': 'What you can do with this posting',
    'workspace.posting.endedLead':
      'Ended postings cannot be edited. To recruit again, choose “Open again”; for a similar job, choose “Copy into a new posting”.',
    'workspace.posting.notEditable': 'Ended postings cannot be edited. Open it again or copy it.',
    'workspace.posting.notDraft': 'This posting is not a draft, so it cannot be published.',
    'workspace.posting.notPublished': 'This posting is not published, so this cannot be done.',
    'workspace.posting.notRenewable': 'This posting cannot be opened again now.',
    'workspace.posting.publishBlocked': 'This cannot be published yet. Please fix the following.',
    'workspace.posting.copySuffix': ' (copy)',

    'workspace.preview.label': 'Preview',
    'workspace.preview.banner':
      'Preview: how the job will look when published. Its status now is “{status}”.',
    'workspace.preview.back': 'Back to the posting',

    'workspace.mail.expiring.subject': 'Yoi Shigoto Station: the job “{title}” closes soon',
    'workspace.mail.expiring.body':
      'The job “{title}” is open until {date} and closes automatically the day after.\n\nTo keep recruiting, choose “Extend” in your organisation’s workspace.\n{link}\n\nIf the job has been filled, choose “Job filled”.',

    'posting.form.choose': 'Choose one. A draft needs it too.',
    'posting.form.chooseYesNo': 'Choose “Yes” or “No”. A draft needs it too.',
    'posting.form.chooseWorkplace': 'Choose one of this organisation’s workplaces.',
    'posting.form.choosePlaceholder': 'Choose',
    'posting.form.time': 'Enter a time like 9:00.',
    'posting.form.date': 'Enter a date like 2026-12-01.',
    'posting.form.yen': 'Enter a whole number of yen, 1 or more (for example 1200).',
    'posting.form.minutes': 'Enter a whole number of minutes from 0 to 600.',
    'posting.form.weeklyHours': 'Enter the hours per week, from 0.5 to 80 (for example 20 or 37.5).',
    'posting.form.openings': 'Enter a whole number from 1 to 999.',
    'posting.form.timePair': 'Enter both the start and the end time, or neither.',
    'posting.form.timeSame': 'The end time must differ from the start time.',

    'posting.label.workplace': 'Place of work (workplace)',
    'posting.label.wageMin': 'Lowest pay (yen)',
    'posting.label.wageMax': 'Highest pay (yen)',
    'posting.label.wageUnit': 'Pay per hour, day or month',
    'posting.label.workStart': 'Start time',
    'posting.label.workEnd': 'End time',
    'posting.label.breakMinutes': 'Break (minutes)',
    'posting.label.weeklyHours': 'Hours per week',
    'posting.label.accepts': 'Before applying, people can',

    'posting.block.duties': '1. The work',
    'posting.block.employment': '2. Employment and contract term',
    'posting.block.place': '3. Place of work',
    'posting.block.wage': '4. Pay',
    'posting.block.hours': '5. Working hours',
    'posting.block.daysOff': '6. Days off',
    'posting.block.insurance': '7. Social insurance',
    'posting.block.requirements': '8. Requirements and who is welcome',
    'posting.block.membership': '9. Cooperative work (what membership means)',
    'posting.block.engagements': '10. Visits and trials',
    'posting.block.period': '11. Posting period',

    'posting.hint.title': 'The name shown in job lists. For example: care worker at a day service',
    'posting.hint.occupation': 'For example: care worker, kitchen assistant, cleaning staff',
    'posting.hint.neededForDraft': 'Choose this even when saving a draft.',
    'posting.hint.duties': 'Describe a working day and the actual tasks.',
    'posting.hint.changeScope':
      'Say what the duties and place are at hiring and how far they may change later (for example: at hiring, day-service care; may change to: any work of the co-op).',
    'posting.hint.contractDetails':
      'For a fixed term, give the term, whether it is renewed, and any limit on renewals (for example: renewed yearly, no limit).',
    'posting.hint.workplace': 'Workplaces are added and edited on the Workplaces page.',
    'posting.hint.wageMin':
      'Pay may not be below the regional minimum wage. Daily and monthly pay is converted to an hourly figure with the stated hours.',
    'posting.hint.commutingPay': 'For example: actual costs (up to ¥20,000 a month)',
    'posting.hint.time': 'For example: 9:00',
    'posting.hint.timeEnd': 'For example: 17:00',
    'posting.hint.breakMinutes':
      'At least 45 minutes when working more than 6 hours, 60 minutes when working more than 8 hours.',
    'posting.hint.weeklyHours': 'For example: 20 or 37.5',
    'posting.hint.workDays': 'For example: 3 days a week, Monday to Friday (can be discussed)',
    'posting.hint.overtime': 'For example: about 5 hours a month',
    'posting.hint.daysOff': 'For example: weekends and holidays, New Year (120 days a year)',
    'posting.hint.insurance':
      'Choose “Yes” or “No” for each. Workers’ accident insurance covers everyone who is employed.',
    'posting.hint.requirements':
      'You may not limit age, or write or ask about family register, birthplace, family, religion, political party and the like.',
    'posting.hint.membershipTerms':
      'What joining as a member involves: capital contribution, taking part in meetings and so on.',
    'posting.hint.validThrough': 'Choose a date within {months} months of the posted date.',

    'posting.rule.required.title': 'Enter the job title.',
    'posting.rule.required.occupation': 'Enter the occupation.',
    'posting.rule.required.duties': 'Describe the duties. Publishing needs them.',
    'posting.rule.required.changeScope':
      'Say how far the duties and the place of work may change (required since April 2024).',
    'posting.rule.required.employmentForm': 'Choose the employment type.',
    'posting.rule.required.contractType': 'Choose whether the contract has a fixed term.',
    'posting.rule.required.contractDetails':
      'For a fixed term, give the term and whether and how often it is renewed.',
    'posting.rule.required.workplace': 'Choose the place of work.',
    'posting.rule.required.workStart': 'Enter the start time.',
    'posting.rule.required.workEnd': 'Enter the end time.',
    'posting.rule.required.breakMinutes': 'Enter the break in minutes (0 if there is none).',
    'posting.rule.required.weeklyHours': 'Enter the hours per week.',
    'posting.rule.required.workDays': 'Enter the working days.',
    'posting.rule.required.daysOff': 'Enter the days off. Publishing needs them.',
    'posting.rule.required.insurance': 'Choose “Yes” or “No”.',
    'posting.rule.required.validThrough': 'Choose the closing date.',
    'posting.rule.required.wageUnit': 'Choose hourly, daily or monthly pay.',
    'posting.rule.required.wageMin': 'Enter the lowest pay. Publishing needs it.',
    'posting.rule.breakOver6':
      'Working more than 6 hours needs a break of at least 45 minutes (Labour Standards Act, art. 34).',
    'posting.rule.breakOver8':
      'Working more than 8 hours needs a break of at least 60 minutes (Labour Standards Act, art. 34).',
    'posting.rule.workersCompMandatory':
      'Workers’ accident insurance covers everyone who is employed. Choose “Yes”.',
    'posting.rule.validThroughAfterPosted': 'The closing date must be after the posted date ({date}).',
    'posting.rule.validThroughPast': 'The closing date must be after today.',
    'posting.rule.validThroughTooLate':
      'The closing date must be within {months} months of the posted date (by {date}).',
    'posting.rule.wageMaxBelowMin': 'The highest pay must be the same as or more than the lowest pay.',
    'workspace.mail.review.subject': 'Yoi Shigoto Station: a posting waits for review',
    'workspace.mail.review.body':
      '{organisation} has sent the posting "{title}" for review. Check it, then publish it or send it back.\n\n{link}',
    'posting.rule.minimumWageUnknown':
      'The minimum wage of {prefecture} is not on record, so the pay cannot be checked. Please contact the secretariat.',
    'posting.rule.belowMinimumWage':
      'This is below the minimum wage of {prefecture} (¥{minimum} an hour from {date}).',
    'posting.rule.belowMinimumWageConverted':
      'With the stated hours this is ¥{hourly} an hour, below the minimum wage of {prefecture} (¥{minimum} an hour from {date}).',
    'posting.rule.ageLimit':
      '“{found}” limits applicants by age, which the law forbids in job postings with few exceptions (Act on Comprehensive Promotion of Labor Policies, art. 9). Rewrite it, for example as “any age” (年齢不問).',
    'posting.rule.forbidden.background':
      '“{found}” is something applicants are not responsible for. A posting may not mention or ask about it (Employment Security Act; MHLW fair recruitment guidance).',
    'posting.rule.forbidden.belief':
      '“{found}” concerns beliefs and convictions. A posting may not mention or ask about it (Employment Security Act; MHLW fair recruitment guidance).',
    'posting.rule.forbidden.screening':
      '“{found}” is not allowed in fair recruitment (MHLW fair recruitment guidance).',
  },
);
