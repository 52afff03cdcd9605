# slaclock の日本語の文言。各メッセージは ../en/slaclock.ftl に同じ id を
# 持つ（テストが二つの一覧を比べる）。用語はサポートポリシーの公開ページ
# （「サポート リクエストを理解する」）に合わせる。

## 件数

count-tickets = { $n }件

## 時間の長さと、期限までの時間

span-s = { $s }秒
span-m = { $m }分
span-h = { $h }時間
span-h-m = { $h }時間{ $m }分
span-d = { $d }日
span-d-h = { $d }日{ $h }時間
span-ms = { $ms }ミリ秒
# 複数の単位からなる長さ（大きい単位から）: 1分30秒
span-and = { $first }{ $rest }
due-in = あと{ $span }
due-overdue = { $span }超過
due-now = ちょうど今

## 日時。どの日時のメッセージにも $year, $month, $mm（2桁）, $day,
## $dd（2桁）, $weekday と $monthname（下のメッセージ）, $time（HH:MM）,
## $zone（時間帯の略称）が渡される。

weekday = { $day ->
    [1] 月
    [2] 火
    [3] 水
    [4] 木
    [5] 金
    [6] 土
   *[7] 日
}
month = { $month }月
date-full = { $year }年{ $month }月{ $day }日({ $weekday }) { $time } { $zone }
date-time = { $time }
date-week = ({ $weekday }) { $time }
date-day = { $monthname }{ $day }日({ $weekday }) { $time }
date-month = { $monthname }{ $day }日 { $time }
date-year = { $year }年{ $month }月{ $day }日 { $time }

## クロックと状態

clock-response = 初期応答
clock-update = 更新頻度
clock-restore = 復旧までの時間
clock-own = 担当決定までの時間
state-pending = 未開始
state-running = 進行中
state-paused = 一時停止
state-met = 達成
state-breached = 違反
state-none = 対象外
ticket-open = 対応中
ticket-waiting = お客様待ち
ticket-resolved = 解決済み
phrase-pending = 最初の更新で開始
phrase-paused = 一時停止中、残り{ $left }
phrase-met-none-missed = 達成、更新漏れなし
phrase-met = 達成、余裕{ $spare }
phrase-breached-missed = 違反、更新漏れ{ $n }回
phrase-breached-late = 違反、{ $late }遅れ
phrase-breached-paused = 違反、{ $late }遅れで一時停止中
phrase-due = { $when } ({ $due })
phrase-due-missed = { $at }、更新漏れ{ $n }回

## ボード（status, list, watch）

board-empty = 対応中のチケットはありません。
board-empty-match = 条件に合う対応中のチケットはありません。
board-empty-all = チケットはありません。
board-empty-all-match = 条件に合うチケットはありません。
board-col-id = #
board-col-sev = 区分
board-col-title = 件名
board-col-customer = お客様
board-col-contract = 契約
board-col-owner = 担当
board-col-ref = 参照
board-col-service = サービス
board-col-state = 状態
board-col-next = 次の期限
board-col-clocks = クロック
board-col-response = 初期応答
board-col-update = 更新頻度
board-col-restore = 復旧
board-col-own = 担当決定
board-col-escalation = エスカレーション
board-provisioning = プロ
board-inquiry = 問合
board-clock-response = 応答
board-clock-update = 更新
board-clock-restore = 復旧
board-clock-own = 担当決定
board-late = { $clock } { $late }遅れ
board-due = { $clock } { $when } ({ $left }後)
board-due-now = { $clock } { $when } (ちょうど今)
board-resolved = 解決 { $when }
board-waiting = お客様待ち { $span }
board-level-due = L{ $level } 期限到来
board-level-in = L{ $level } { $left }後
board-not-escalated = 未実施

## 種別、深刻度、項目、イベント

kind-incident = インシデント
kind-provisioning = プロビジョニング
kind-inquiry = 問い合わせ
kind-provisioning-name = プロビジョニング
kind-incident-severity = インシデント、深刻度{ $severity }: { $name }
kind-inquiry-severity = 問い合わせ、深刻度3
severity-name-1 = サービスの損失
severity-name-2 = サービスが部分的に低下したり、断続的に障害が発生する
severity-name-3 = サービスに影響を与えないインシデント
field-title = 件名
field-customer = お客様
field-service = サービス
field-ref = 参照
event-opened = 受付
event-updated = 更新
event-waiting = お客様待ち
event-resumed = 再開
event-escalated = エスカレーション
event-severity = 深刻度変更
event-resolved = 解決
event-reopened = 再オープン
event-note = メモ
event-policy = ポリシー適用
event-assigned = 担当割当
event-unassigned = 担当解除
event-edited = 訂正
event-void = 取消
list-separator = 、

## チケット1件（status ID, show）と、書き込みコマンドの表示

who-customer-service = お客様: { $customer }、サービス: { $service }
who-customer = お客様: { $customer }
who-service = サービス: { $service }
note-ref = 、参照 { $reference }
note-service = 、サービス { $service }
note-contract = 、契約 { $contract }
clocks-col-clock = クロック
clocks-col-state = 状態
clocks-col-target = 目標
clocks-col-deadline = 期限
clocks-promised = 約束済み
target-calendar = { $target }（{ $calendar }の営業時間）
escalation-none = 未エスカレーション
escalation-level = レベル{ $level }
escalation-due-since = エスカレーション: { $level }、レベル{ $next }（{ $contact }）は{ $when }から期限到来 ({ $due })
escalation-due = エスカレーション: { $level }、レベル{ $next }（{ $contact }）の期限 { $when } ({ $due })
escalation-paused = エスカレーション: { $level }、次はレベル{ $next }（{ $contact }）、お客様待ちのためクロック停止中
escalation-by-hand = エスカレーション: { $level }、次はレベル{ $next }（{ $contact }）、手動でのみ
escalation-reached = エスカレーション: { $level }まで到達
escalation-top = エスカレーション: { $level }（最上位）
opened-at = { $at }に受付
opened-reported = { $at }に受付（報告 { $reported }）
opened-line = { $head }: { $when }、{ $kind }{ $notes }
state-resolved-at = 解決済み { $when }
state-waiting-since = { $when }からお客様待ち（{ $span }）
already-opened = { $head }: 受付済み、{ $kind }{ $notes }、{ $state }、報告 { $reported }。何も記録していません
did-update-promise = { $at }に更新を記録、次回更新の約束 { $promise }
did-update = { $at }に更新を記録
did-wait = { $at }からお客様待ち
did-resume = { $at }に再開
did-escalate = { $at }にレベル{ $level }へエスカレーション: 連絡先 { $contact }
did-severity = { $at }から深刻度{ $severity }: { $name }
did-resolve = { $at }に解決
did-reopen = { $at }に再オープン
did-note = { $at }にメモを追加
did-open = { $at }に受付
did-policy = { $at }にポリシーを適用
did-assign = { $at }から担当 { $owner }
did-assign-from = { $at }から担当 { $owner }（{ $from }から引き継ぎ）
did-unassign = { $at }から担当なし
did-edit = { $at }に{ $field }を「{ $value }」に訂正
did-edit-none = { $at }に{ $field }を空に訂正
did-void = { $at }にイベント{ $number }（{ $when }の{ $event }{ $text }）の取消を記録{ $after }
did-void-back = 、{ $field }は「{ $value }」に戻る
did-void-back-none = 、{ $field }は空に戻る
did-void-owner = 、担当は{ $owner }に戻る
did-void-no-owner = 、担当なしに戻る
did-void-clocks = 、クロックはそのイベントなしで判定
did-void-text = 「{ $text }」
did-void-unnamed = { $at }に取消を記録、クロックはそのイベントなしで判定
owner-is = 担当 { $owner }
owner-none = 担当なし
ticket-facts = { $state }、{ $owner }、報告 { $reported }（{ $ago }）、ポリシー版 { $version }{ $notes }
# 何分前か。ちょうどその秒なら「たった今」
ago = { $span }前
ago-now = たった今
timeline = 経過
timeline-col-when = 日時
timeline-col-event = イベント
timeline-col-by = 記録者
timeline-col-details = 詳細
timeline-voided-why = : { $reason }
timeline-voided = 取消済み（{ $by }、{ $when }、イベント{ $number }）{ $why }
timeline-to = 担当 { $owner }
timeline-to-from = 担当 { $owner }（{ $from }から）
timeline-none = なし
timeline-applied-version = ポリシー版 { $from } → { $to }
timeline-applied-contract = 契約 { $from } → { $to }
timeline-voids = イベント{ $number }を取消
timeline-recorded = { $when }に記録
timeline-severity = 深刻度{ $severity }
timeline-level = レベル{ $level }
timeline-next-update = 次回更新 { $when }まで
timeline-reason = 理由: { $reason }
# エスカレーションの理由（コード別）。エスカレーションの質問と同じ言い方
timeline-reason-impact = { reason-impact }
timeline-reason-slow = { reason-slow }
timeline-reason-expectations = { reason-expectations }
timeline-void-event = { $event }（取消）
by-role = { $by }（ロール { $role }）
trace-head = { $clock }: { $target }、{ $calendar }カレンダー、起点 { $start }
trace-counted = {"  "}計上    { $from } - { $to }  { $span }  （累計 { $total }）
trace-more = {"  "}...      （以降の区間は省略）
trace-paused = {"  "}停止    { $from } - { $to }  { $span }
trace-paused-now = {"  "}停止    { $from } - 現在（{ $span }）
trace-holiday = {"  "}休日    { $date }（計上しない）
trace-deadline = {"  "}期限    { $when }
trace-deadline-unknown = {"  "}期限    停止中のため未定

## policy show, policy apply

policy-source = ポリシー: { $source }
policy-source-contract = ポリシー: { $source }、契約 { $contract }
policy-col-severity = 深刻度
policy-col-meaning = 内容
policy-col-response = 初期応答
policy-col-update = 更新頻度
policy-col-restore = 復旧までの時間
policy-col-own = 担当決定までの時間
policy-provisioning = { $name }（深刻度1と2の次）
policy-pauses-nothing = なし
list-comma = 、
policy-inquiries-and-pauses = 問い合わせは深刻度3で、復旧までの時間はありません。お客様待ちの間に止まるクロック: { $paused }。
policy-remind-after = お客様待ちが{ $span }を超えたチケットは `check` が報告します（remind_after）。
policy-change-retroactive = 深刻度の変更は遡及します（チケットが最初から新しい深刻度だったものとして判定）。
policy-change-restart = 深刻度の変更で計測をやり直します（初期応答と復旧は変更時から数え直し）。
policy-contracts = 契約: { $names }（お客様 { $customers }件）。各契約は `slaclock policy show --contract NAME` で表示。
policy-col-level = レベル
policy-col-contact = 連絡先
edit-contract-pinned = 契約「{ $name }」
edit-contract-pinned-none = 契約なし
edit-contract-stays = { $id }は{ $pinned }のままです。ポリシーでは{ $customer }の契約は「{ $contract }」です。対応中のチケットを付け替えるには `slaclock policy apply` を実行してください
edit-contract-stays-unlisted = { $id }は{ $pinned }のままです。ポリシーでは{ $customer }に契約がありません。対応中のチケットを付け替えるには `slaclock policy apply` を実行してください
edit-contract-stays-no-customer = { $id }は{ $pinned }のままです。お客様がいないため、ポリシーでは契約がありません。対応中のチケットを付け替えるには `slaclock policy apply` を実行してください
policy-col-after = 深刻度{ $severity }の経過時間
policy-escalation-path = エスカレーションパス（ケースはレベル1で開始し、1レベルずつ上がる）
policy-col-day = 曜日
policy-col-hours = 営業時間
policy-closed = 休業
policy-calendar = カレンダー { $name }（{ $zone }）
policy-holidays = 休日: { $dates }
policy-referrals = サポートチケットの対象外:
applied-none = 対応中のチケットはすべてポリシー版 { $version }（{ $source }）に従っています。
applied-some = 対応中のチケット{ $count }件がポリシー版 { $version }（{ $source }）に従うようになりました: { $ids }
applied-ticket = { $head }: ポリシー版 { $version }に従うようになりました
applied-ticket-contract = { $head }: ポリシー版 { $version }に従うようになりました（契約 { $from } → { $to }）
contract-none = なし

## check: 2行目以降（1行目と perfdata は監視システム向けで、翻訳しない）

check-incident = 深刻度{ $severity }のインシデント
check-provisioning = プロビジョニングのリクエスト
check-for = （{ $customer }）
check-line = #{ $id } { $what }「{ $title }」{ $customer }: { $reasons }
check-breached-due = { $clock } { $due }
check-breached = { $clock } 違反
check-breached-paused = { $clock } 違反、{ $late }遅れで一時停止中
check-to-level = レベル{ $level }への
check-escalation-since = { $level }エスカレーションが{ $span }前から期限到来
check-escalation = { $level }エスカレーションの期限到来
check-at-risk-due = {" "}期限{ $due }
check-at-risk-used = 、{ $percent }%経過
check-at-risk = { $clock }{ $due }{ $used }
check-waiting-for = お客様待ち{ $span }
check-waiting-long = お客様待ちが長すぎます
check-history-missed = 履歴: { $clock } 違反、更新漏れ{ $n }回
check-history-late = 履歴: { $clock } 違反、{ $late }遅れ
check-history = 履歴: { $clock } 違反
check-calendar-after = カレンダー { $name } に{ $date }より後の休日がありません
check-calendar-none = カレンダー { $name } に休日がありません
check-calendar-import = { $calendar }。翌年分を `slaclock holidays import` で取り込んでください

## watch の見出し行

watch-open = slaclock watch: 対応中 { $n }件
watch-breached = 、違反 { $n }件
watch-at-risk = 、リスクあり { $n }件
watch-waiting = 、お客様待ち { $n }件
# タイトル行に収まらないときの短い件数表示（次はプログラム名も省く）
watch-open-short = slaclock watch: 対応中 { $n }
watch-breached-short = 、違反 { $n }
watch-at-risk-short = 、リスク { $n }
watch-waiting-short = 、待ち { $n }
watch-open-bare = 対応中 { $n }
watch-matching = 、{ $text } に一致（Esc で解除）
watch-matching-short = 、{ $text } に一致
watch-mine = 、自分の担当のみ
watch-mine-short = 、自分の担当
watch-page = { $total }件中 { $first }-{ $last }

## 端末での質問

prompt-kind = 種別
prompt-severity = 深刻度
prompt-severity-current = { $item }（現在）
prompt-severity-same = すでに深刻度{ $severity }です。別の深刻度を選ぶか、Esc で取り消してください
prompt-why-escalate = { $id }をレベル{ $level }（{ $contact }）へエスカレーションする理由は？
prompt-title = 件名
prompt-customer = お客様
prompt-reason = 理由
prompt-write-holidays = { $path } に書き込みますか？
prompt-help-choose = ↑↓ で移動、Enter で選択、Esc で取り消し
prompt-cancelled-mark = <取り消し>
prompt-help-line = Enter で確定、Esc で取り消し
prompt-help-optional = Enter のみで省略、Esc で取り消し
prompt-help-confirm = y で実行、n または Enter で中止、Esc で取り消し
prompt-confirm-invalid = 実行するなら y か「はい」、中止するなら n か「いいえ」を入力してください
prompt-answer-yes = はい
prompt-answer-no = いいえ
prompt-unreadable = 回答を読み取れませんでした: { $error }
reason-impact = お客様のビジネスへの影響が大きくなってきた
reason-slow = 問題がすぐに解決されない
reason-expectations = 期待通りのサポートができていない

## init

init-wrote = 既定のポリシーを { $path } に書き込みました。編集したら次のコマンドで確認してください: slaclock policy check { $path }
policy-embedded = 組み込みの既定ポリシー

## エラーと拒否。入力どおりに引用する値（$text, $reference）は引用符付き
## で渡される。

error-prefix = エラー:
cancelled = 取り消しました。何も記録していません
cannot-write-stdout = 標準出力に書き込めません
cannot-write-stdout-nothing-recorded = 標準出力に書き込めません（チケットログには何も記録していません）
not-printed = { $done }。ただし結果の表示に失敗しました（{ $error }）。{ $next }
not-printed-recorded = チケット{ $id }の{ $what }をチケットログに記録しました（イベント{ $event }）
not-printed-record-next = もう一度記録しないでください。確認: slaclock status { $id }
not-printed-opened = チケット{ $id }を受け付け、チケットログに記録しました（イベント{ $event }）
not-printed-held = この --ref はチケットログのチケット{ $id }が持っています（受付済み。新たな記録はありません）
not-printed-open-next = もう一度受け付けないでください。確認: slaclock status { $id }
not-printed-copied = { $from } から { $to } へのコピーが完了しました（チケット{ $tickets }件、イベント{ $events }件、ポリシー版{ $versions }件。件数は一致）
not-printed-copied-next = もう一度コピーしないでください。コピーの確認: slaclock --db { $to } status --all
not-printed-init = 既定のポリシーを { $path } に書き込みました
not-printed-init-next = 編集してから確認してください: slaclock policy check { $path }
not-printed-sent = { $n }件のイベントを送信し、記録しました
not-printed-sent-next = 再送はされません
not-printed-holidays = 休日を { $path } に書き込みました
not-printed-holidays-next = もう一度取り込まないでください。確認: slaclock policy show --policy { $path }
not-printed-applied = ポリシー版{ $version }（{ $source }）を対応中のチケット{ $n }件に適用し、チケットログに記録しました
not-printed-applied-next = もう一度適用しないでください。チケットの確認: slaclock status

refuse-lang = { $value } は slaclock の話す言語ではありません。en か ja を指定してください
refuse-id-too-large = { $text } はどのチケット番号よりも大きい値です
refuse-not-an-id = { $text } はチケット番号ではありません。ボードに表示される番号（12 や #12 など）を指定してください
refuse-not-an-event = { $text } はイベント番号ではありません。チケットの経過（slaclock status ID）の最初の列の番号（3 など）を指定してください
refuse-not-a-severity = { $text } は深刻度ではありません。1、2、3 のいずれかを指定してください（1「{ severity-name-1 }」、2「{ severity-name-2 }」、3「{ severity-name-3 }」）
refuse-not-utf8 = { $text } は有効な UTF-8 テキストではありません
refuse-check-timeout = 20s、90s、2m のような長さではありません（{ $error }）
refuse-check-timeout-range = 範囲外です。1s から 24h まで（20s や 2m など）を指定してください
refuse-send-timeout = 10s や 1m のような長さではありません（{ $error }）
refuse-send-timeout-range = 範囲外です。1s から 5m まで（10s など）を指定してください
refuse-max-wait = { $text } は1秒から366日までの長さではありません。"8h"、"2d"、"1h 30m" のように書いてください
refuse-duration-unit = { $unit } は使える単位ではありません。s、m、h、d、w のいずれかを使ってください（分は m: "15m"、"2h"。月や年は長さが決まっていません）
time-forms = RFC 3339（2026-11-24T10:00:00+10:00）、"YYYY-MM-DD HH:MM"、"HH:MM"、現地時刻の曜日や日と時刻（"yesterday 17:00"、"mon 09:00"）、"now"、"15m ago"、"in 2h" のいずれかで指定してください
refuse-not-a-time = { $text } は時刻ではありません。{ time-forms }
refuse-not-a-bound = { $text } は日でも時刻でもありません。日だけ（"2026-11-01"、"yesterday"、"mon"：その日の始まり）、または { time-forms }
refuse-time-unit = { $text }: { $unit } は使える単位ではありません。s、m、h、d、w のいずれかを使ってください（分は m: "15m ago"、"in 2h"）
refuse-time-without-time = { $text } は{ $what ->
    [date] 日付
   *[day] 日
}だけで時刻がありません。{ $example } のように時刻を加えてください
refuse-time-skipped = { $text } は { $zone } には存在しません（{ $dst ->
        [yes] 夏時間で
       *[no] {""}
    }時計が { $from } から { $to } に進みます）。その後で最初に存在する時刻は { $first } です
refuse-time-out-of-range = { $text } は範囲外です。時刻は 1970-01-01 から 9999-12-31（UTC）の間でなければなりません

input-what = { $what ->
    [title] 件名
    [reason] 理由
    [note] メモ
    [message] メッセージ
    [customer] お客様名
    [service] サービス名
    [by-name] --by の名前
    [owner-name] 担当者名
   *[other] { $what }
}
input-empty = { $what }が空です。{ $hint }
input-long = { $what }が{ $n }文字あります。{ $max }文字以内にしてください
input-long-hint = { $text }。{ $hint }
input-hint-title = 何が起きているかを一行で書いてください
input-hint-title-long = 詳細はメモに書いてください（slaclock note ID TEXT）
input-hint-severity = 深刻度を変える理由を書いてください
input-hint-reopen = チケットを再オープンする理由を書いてください
input-hint-note = メモの内容を書いてください
input-hint-void = イベントが誤りだった理由を書いてください
input-ref-empty = --ref が空です。お客様のケース番号やアラート ID などの外部参照を指定してください
input-ref-long = --ref が{ $n }文字あります。{ $max }文字以内にしてください（ケース番号やアラート ID）
input-ref-control = --ref に制御文字（U+{ $code }、{ $at }文字目）が含まれています。タブやエスケープを使わず一行で指定してください
status-filter-with-id = { $flag } はボードに出すチケットを選ぶもので、一件のチケットには使えません。{ $id } を見るには { $flag } を外し、ボードを見るには ID を外してください
status-explain-without-id = --explain は一件のチケットの期限がどう決まったかを示します。ID を指定してください: slaclock status ID --explain
status-explain-json = --explain は文章で示すもので、JSON にはありません。読むには --format json を外し、チケットの JSON には --explain を外してください
input-by-control = --by に制御文字（U+{ $code }、{ $at }文字目）が含まれています。タブやエスケープを使わず一行で名前を指定してください
input-by-empty = --by が空です。記録する人の名前を指定してください（省略すると $USER）
input-login-too-long = ${ $var } は{ $n }文字あり、記録する人の名前として長すぎます（{ $max }文字まで）。短い ${ $var } を設定するか、コマンドが受け付けるなら --by NAME を指定してください
input-login-control = ${ $var } に制御文字（U+{ $code }、{ $at }文字目）が含まれているため、記録する人の名前にできません。コマンドが受け付けるなら --by NAME を指定するか、タブやエスケープを含まない一行の ${ $var } を設定してください
input-owner-empty = 担当者が空です。チケットを引き受ける人の名前を指定してください
input-owner-control = 担当者名に制御文字（U+{ $code }）が含まれています。一行で指定してください
input-owner-filter-empty = --owner が空です。割り当てたときの担当者名を指定してください（担当者のいないチケットは --unassigned）

refuse-no-ticket-empty = チケット{ $id }はありません。チケットログにはまだチケットがありません（`slaclock open` で受け付けてください）
refuse-no-ticket = チケット{ $id }はありません。{ $n ->
    [1] チケットは{ $recent }だけです
   *[other] 最近のチケット: { $recent }
}
refuse-referral = { $what ->
    [billing] 請求
   *[sales] 営業
}に関する質問はサポートチケットではありません。お客様を { $to } に案内してください
refuse-referral-team = ポリシーの [referrals] が示す担当部署
refuse-incident-severity = インシデントには --severity 1、2、3 が必要です（1「{ severity-name-1 }」、2「{ severity-name-2 }」、3「{ severity-name-3 }」）
refuse-inquiry-severity = 問い合わせは常に深刻度3です。--severity { $severity } は指定できません（サービスに影響があればインシデントとして受け付けてください）
refuse-provisioning-severity = プロビジョニングのリクエストには深刻度がありません。--severity を外してください
refuse-title-required = 件名が必要です: slaclock open [OPTIONS] TITLE
refuse-open-in-future = --at { $at } は未来の時刻です。チケットは報告済みの問題について受け付けます
refuse-resume-not-waiting = チケット{ $id }はお客様待ちではないため、再開するものがありません。--resume を付けずに更新を記録してください
refuse-resume-again = チケット{ $id }はお客様待ちではありません。{ $at }に{ $who }が更新とともに再開しています。それがこの更新なら記録済みです（確認: slaclock status { $number }）。そうでなければ --resume を付けずに更新を記録してください
refuse-resume-not-waiting-since = チケット{ $id }はお客様待ちではありません。{ $at }に{ $who }が再開しています。--resume を付けずに更新を記録してください
refuse-severity-missing = severity には新しい深刻度（1、2、3）が必要です
refuse-severity-reason = severity には --reason（理由）が必要です
refuse-edit-ref-taken = チケット{ $id }: --ref { $reference } はすでにチケット{ $holder }のものです。参照はログ内の一つのチケットを指します
refuse-edit-nothing = チケット{ $id }はすでにその内容です。訂正するものがありません
refuse-void-no-event = チケット{ $id }にイベント{ $n }はありません。イベントの番号は1から{ $last }までです（slaclock status { $number } で確認）
refuse-void = 取消 { $id } { $n } を拒否しました: { $why }
refuse-void-opening = イベント{ $n }はチケットの受付なので取り消せません。内容は slaclock edit { $number } で訂正してください
refuse-void-void = イベント{ $n }自体が取消で、取消は取り消せません。取り消した出来事が実際にあったなら、もう一度記録し（イベントは順に記録されるため、最後のイベント以降の時刻で）、理由をメモに残してください
refuse-void-by = （イベント{ $n }、{ $by }による）
refuse-void-already = イベント{ $n }（{ $what }）はすでに取り消されています{ $by }
refuse-void-policy = イベント{ $n }はチケットを別のポリシーに付け替えました。それを決めるのは取消ではなく `slaclock policy apply` です
refuse-void-depends = イベント{ $n }（{ $what }）がこれに依存しています。先にイベント{ $n }を取り消してください
refuse-void-depends-repin = イベント{ $n }（ポリシー）は、このイベントでチケットが未解決だった間にポリシーを付け替えました。付け替えは取り消せないため、このイベントも取り消せません。代わりに今の事実を記録してください（理由をメモに書いて解決するなど）
refuse-void-ref = 参照 { $reference } を戻すことになりますが、今はチケット{ $holder }が持っています
refuse-in-future = チケット{ $id }: --at { $at } は未来の時刻です。今記録するには --at を外してください
refuse-before-report = チケット{ $id }: --at { $at } はお客様の報告（{ $reported }）より前です
refuse-before-last = チケット{ $id }: --at { $at } は最後に記録したイベント（イベント{ $n }「{ $what }」、{ $last }）より{ $gap }前です。イベントは順に記録します
refuse-event-void-of = イベント{ $n }の取消
refuse-clock-behind = チケット{ $id }: このマシンの時計で今（{ $now }）は、このチケットに最後に記録された時刻（{ $last }）より{ $gap }前です。イベントは順に記録します。このマシンと記録したマシンの時計を確認してください
refuse-resolved = チケット{ $id }は解決済みです。先に再オープンしてください（slaclock reopen { $number } --reason TEXT）
refuse-already-resolved = チケット{ $id }はすでに解決済みです（{ $since }から、{ $who }が記録）。記録することはありません
refuse-not-resolved = チケット{ $id }は解決済みではないため、再オープンするものがありません
refuse-already-waiting = チケット{ $id }は{ $since }からお客様待ちです（{ $who }が設定）。先に再開してください
refuse-not-waiting = チケット{ $id }はお客様待ちではありません。再開するものがありません
refuse-not-waiting-since = チケット{ $id }はお客様待ちではありません。{ $at }に{ $who }が再開しています。再開するものはありません
refuse-escalated-meanwhile = チケット{ $id }は、このエスカレーションが順番を待つ間に { $by } が { $at } にレベル{ $level }へエスカレーションしました。どちらも下のレベルからのため、上がるのは一度だけです。何も記録していません。さらに上げる必要があれば、もう一度 escalate を実行してください
refuse-top-level = チケット{ $id }はすでに最上位のエスカレーション レベルです（{ $level }: { $contact }）
refuse-skips-level = チケット{ $id }: エスカレーションは一段ずつ上がります。次は{ $next }です
refuse-no-severity = チケット{ $id }は{ $kind ->
    [inquiry] 問い合わせ
   *[provisioning] プロビジョニングのリクエスト
}です。深刻度を変えられるのはインシデントだけです
refuse-same-severity = チケット{ $id }はすでに深刻度{ $severity }です
refuse-promise-not-after = チケット{ $id }: 約束した次回更新（{ $promised }）は更新そのもの（{ $at }）より後でなければなりません
refuse-already-owner = チケット{ $id }の担当はすでに{ $owner }です。記録するものがありません
refuse-not-owned = チケット{ $id }には担当者がいません。担当解除するものがありません
refuse-who-unknown-take = 実行している人が分かりません（USER も LOGNAME も未設定か空です）。take で担当者を決められないため、--by NAME を指定するか USER を設定してください
refuse-who-unknown-mine = 実行している人が分かりません（USER も LOGNAME も未設定か空です）。--mine で自分のチケットを選べないため、--owner NAME を指定するか USER を設定してください

store-no-log = { $path } にチケットログがありません。先にチケットを受け付けるか、--db を指定してください
store-no-folder = { $path } にチケットログがありません。フォルダー { $folder } が存在しません。{ $flag } を直すか（パスの打ち間違いや、マウントされていない共有ではありませんか）、先にフォルダーを作成して（{ $mkdir }）からそこでチケットを受け付けてください
log-started = 注意: 新しいチケットログを { $path } に作りました（既存のログは --db か SLACLOCK_DB で指定します）
store-not-created = { $path } にはまだチケットログがありません。ファイルが空です（作成が途中で止まったログ）。チケットを受け付けてそこで始めるか、--db を指定してください
store-no-tables = { $path } にはまだチケットログがありません。ファイルはテーブルを1つも持たない SQLite データベースです（作成が途中で止まったログ）。チケットを受け付けてそこで始めるか、--db を指定してください
store-read-only = チケットログ { $path } に書き込めません。ファイルとフォルダーの権限を確認してください
store-read-only-fs = チケットログ { $path } は読み取り専用でマウントされたファイルシステム上にあります。権限では書き込めるようになりません。読み書きできるようにマウントするか、ログを別の場所にコピーしてください
store-busy = チケットログ { $path } は使用中です（別の slaclock か別のプログラムが書き込み中）。もう一度試してください
store-disk-full = チケットログ { $path } のあるディスクがいっぱいです。空きを作ってから、もう一度コマンドを実行してください
store-io-error = チケットログ { $path } を読み書きできませんでした（ディスクの入出力エラー）。ディスクがいっぱいでないか、正常に動いているかを確認してください
store-not-a-log = { $path } は slaclock のチケットログではありません（SQLite データベースではない）。手を付けていません。チケットログだったのなら壊れています。別の場所に移し、最新のバックアップを元の場所に置いてください（README の「Backups」）
store-cannot-open = チケットログ { $path } を開けません
store-damaged = チケットログ { $path } は壊れています（{ $error }）。別の場所に移し、最新のバックアップを元の場所に置いてください（README の「Backups」）

## report's tables (report, report --months, report --policy)
report-heading = { $since }から{ $until }までに受け付けたチケット（{ $at }時点で判定）
report-col-opened = 受付
report-col-response-met = 応答 達成
report-col-updates-on-time = 更新 遵守
report-col-missed = 更新 漏れ
report-col-restore-met = 復旧 達成
report-col-restore-median = 復旧 中央値
report-col-restore-p90 = 復旧 p90
report-col-esc = エスカ L{ $level }
report-col-still-open = 未解決
report-col-owned-in-time = 担当 決定 達成
report-all-tickets = 全件
# 顧客のないチケット（report --by customer）、契約のないチケット（--by contract）の行
report-no-customer = （お客様なし）
report-no-contract = （契約なし）
report-severity = 深刻度{ $severity }
report-footnote = 応答達成と復旧達成{ $owns ->
    [yes] と担当決定達成
   *[no] {""}
}は、クロックが停止したか違反したチケットを数えたものです。更新遵守は、更新クロックが始まった（初期応答を送った）チケットのうち、更新を一度も漏らさなかったものの割合です。復旧時間の中央値とp90は、解決したインシデントの計上時間に対する最近順位法による値です。
trend-heading = { $since }から{ $until }までに報告されたインシデント（月別・深刻度別、各月は月末時点で判定）
trend-col-month = 月
trend-col-sev = 深刻
trend-col-esc = エスカ
trend-col-waiting = 待ち
trend-footnote = 各月の行は、その月のレポートにおけるその深刻度の行です。応答達成と復旧達成はクロックが停止または違反したインシデントを数えたもの、更新遵守は更新クロックが始まったインシデントのうち更新を一度も漏らさなかったものの割合、復旧時間の中央値とp90は解決したインシデントの計上時間に対する最近順位法による値、エスカは一度以上エスカレーションしたインシデントの数、待ちはインシデントの時間のうちお客様待ちだった割合です。
what-if-heading = { $since }から{ $until }までに受け付けたチケット（{ $at }時点）を、記録時のポリシーと{ $proposal }で判定
what-if-trend-heading = { $since }から{ $until }までに報告されたインシデント（月別・深刻度別、各月は月末時点）を、記録時のポリシーと{ $proposal }で判定
what-if-col-figure = 指標
what-if-col-recorded = 記録時
what-if-col-proposed = 提案
what-if-col-change = 差
what-if-footnote = 差は割合ならパーセントポイント、復旧時間の中央値とp90なら時間です。どちらかで判定できるものがなければ `-` です。チケットログには何も書き込みません。
figure-response-met = 初期応答達成率
figure-updates-on-time = 更新遵守率
figure-restore-met = 復旧達成率
figure-restore-median = 復旧中央値
figure-restore-p90 = 復旧p90
figure-owned-in-time = 担当決定達成率

## watch: keys, prompts, status
watch-too-small = slaclock: 画面が小さすぎます
watch-no-ticket = 操作するチケットがありません
watch-read-failed = チケットログを読めません: { $error }
watch-why-escalate = { $id }をエスカレーションする理由は？
watch-why-escalate-to = { $id }をレベル{ $level }へエスカレーションする理由は？
watch-escalate-contact = 連絡先: { $contact }
watch-key-choose = ↑↓ 選択
watch-key-escalates = Enter エスカレーション
watch-key-cancels = Esc 取消
watch-key-scroll = ↑↓ スクロール
watch-key-board = Esc ボード
watch-key-move = ↑↓ 移動
watch-key-details = Enter 詳細
watch-key-filter = / 絞り込み
watch-key-update = u 更新
watch-key-wait = w お客様待ち
watch-key-resume = r 再開
watch-key-escalate = e エスカレーション
watch-key-take = t 担当
watch-key-all = m 全員
watch-key-mine = m 自分
watch-key-quit = q 終了
watch-filter-prompt = 絞り込み（Enter 確定、Esc 解除）:
watch-prompt-update = { $id }を更新、メッセージ（Enter 記録、Esc 取消）:
watch-prompt-wait = { $id }をお客様待ちに、理由（Enter 記録、Esc 取消）:
watch-prompt-resume = { $id }を再開、メモ（Enter 記録、Esc 取消）:
watch-prompt-escalate = { $id }をエスカレーション、メモ（Enter 記録、Esc 取消）:
watch-prompt-take = { $id }を担当、メモ（Enter 記録、Esc 取消）:
watch-filter-prompt-short = 絞り込み:
watch-ask-take = { $id } { $title }を担当しますか？（Enter 担当、Esc 取消）
watch-ask-take-short = { $id }を担当しますか？（Enter 担当、Esc 取消）
watch-ask-take-tiny = { $id }を担当しますか？
watch-ask-take-owned = { $id } { $title }（現在の担当: { $owner }）を引き継ぎますか？（Enter 担当、Esc 取消）
watch-ask-take-owned-short = { $id }（現在の担当: { $owner }）を引き継ぎますか？（Enter 担当、Esc 取消）
watch-ask-take-owned-tiny = { $id }を{ $owner }から引き継ぎますか？
watch-prompt-update-short = { $id }を更新、メッセージ:
watch-prompt-update-tiny = { $id }を更新:
watch-prompt-wait-short = { $id }をお客様待ちに、理由:
watch-prompt-wait-tiny = { $id } お客様待ち:
watch-prompt-resume-short = { $id }を再開、メモ:
watch-prompt-resume-tiny = { $id }を再開:

## holidays import: the preview and what was written
holidays-day = { $date } ({ $weekday })
holidays-dates = { $n }日
holidays-skip-timed = 時刻があり、終日の予定ではありません
holidays-skip-cancelled = 取り消されています (STATUS:CANCELLED)
holidays-preview = { $ics }: { $policy } のカレンダー { $calendar } に{ $years }年の休日{ $dates }
holidays-skipped = { $line }行目を読み飛ばしました: { $summary }: { $why }
holidays-skipped-more = ほかに時刻のある予定または取り消された予定を{ $n }件読み飛ばしました。
holidays-left-out = 対象外: { $years }年以外の{ $dates }（範囲を広げるには --years N）
holidays-unchanged = カレンダーには{ $years }年のこの日付がすでにすべて載っています。書き込むものはありません。
holidays-adds = 追加する{ $dates }:
holidays-removes = ファイルにない{ $dates }を削除:
holidays-keeps = すでに載っている{ $dates }はそのまま。
holidays-written = カレンダー { $calendar } の{ $years }年の休日を { $policy } に書き込みました（追加{ $added }、削除{ $removed }）。これから受け付けるチケットはこれで判定します。対応中のチケットに適用するには `slaclock policy apply` を実行してください。

## warnings on standard error, and policy check's line
warn-as-of-future = --as-of { $when } は現在（{ $now }）より後です。記録はそれ以降を含まないため、現在の時点で判定します
warn-log-exposed = 警告: チケットログ { $path } は他のユーザーが読めるか書き込めます（モード { $mode }）。実行してください: chmod 600 { $path }（グループに読ませるなら chmod 640）
warn-log-folder-open = 警告: チケットログ { $path } のあるフォルダー { $folder } は他のユーザーが書き込めます（モード { $mode }）。そこに書き込める人は誰でもログを差し替えられます。実行してください: chmod go-w { $folder }（他の人がそこにファイルを置く必要があるなら chmod +t { $folder }）
warn-log-sibling-foreign = 警告: チケットログ { $path } の横にある { $file } の所有者はログの所有者ではなく { $owner } です。このファイルの所有者はログの内容を変えられます。ログは所有者だけが書き込めるフォルダーに置いてください
warn-no-tls = 警告: チケットログ { $shown } は TLS に対応していません。暗号化なしで接続しました（sslmode=prefer。verify-full なら拒否します）
warn-no-tls-refused = 警告: チケットログ { $shown } は TLS に対応していません。送った内容は認証のやり取りも含めて暗号化されていません（パスワードそのものが送られるのは、サーバーが平文で求めた場合だけです。sslmode=prefer。verify-full なら何も送りません）
warn-policy-unusable = 新しいチケットのポリシーを直すまで `slaclock open` は拒否されます（一覧は各チケットが固定されたポリシーの版で判定します）: { $reason }
warn-still-waiting = { $id }はお客様待ちのままです。更新は記録しましたが、クロックは停止したままです。再開するには "slaclock resume { $number }" を実行してください（次回からは update に --resume を付けると、更新と再開を一度に記録できます）
policy-check-ok = { $source }: 問題ありません

## the environment: SLACLOCK_NOW, SLACLOCK_BUSY_TIMEOUT, TZ, the data folder
env-not-utf8 = { $name }={ $value } は正しい UTF-8 のテキストではありません
env-no-data-folder = --db の指定がなく、チケットログを置くデータフォルダーもありません（HOME は設定されていますか）。--db PATH を指定するか SLACLOCK_DB を設定してください
env-busy-not-duration = SLACLOCK_BUSY_TIMEOUT={ $value } は 500ms や 10s のような時間ではありません
env-busy-too-long = SLACLOCK_BUSY_TIMEOUT={ $value } は1時間を超えています。書き込みが別の書き込みを待つのは最大1時間です（既定は10s）
now-not-rfc3339 = { $value } は 2026-11-24T10:00:00Z のような RFC 3339 の時刻ではありません
tz-hint = TZ には Australia/Sydney のような IANA 名か AEST-10 のような POSIX TZ 文字列を設定するか、TZ を外してシステムのタイムゾーンを使ってください
tz-not-utf8 = TZ={ $value } は正しい UTF-8 のテキストではありません。{ $hint }
tz-no-rule = TZ={ $value } は夏時間を指定していますが、いつ適用するかの規則がありません。AEST-10AEDT,M10.1.0,M4.1.0/3 のように規則を加えるか、Australia/Sydney のような IANA 名を使ってください
tz-invalid = TZ={ $value } は IANA のタイムゾーン名でも POSIX TZ 文字列でもありません。{ $hint }
tz-cannot-read = TZ={ $value }: ゾーンファイル { $path } を読めません（{ $error }）。{ $hint }
tz-not-tzif = TZ={ $value }: { $path } は zoneinfo (TZif) ファイルではありません。{ $hint }

## -o and --chart: files that are refused
out-what-export = エクスポート
out-what-metrics = メトリクス
out-what-chart = グラフ
out-is-the-log = { $flag } { $path } はチケットログそのものです。{ $what }には別のファイルを指定してください
out-is-a-log-file = { $flag } { $path } はチケットログ自身のファイル（{ $own }）です。{ $what }には別のファイルを指定してください
chart-not-svg-png = { $path } は .svg でも .png でもありません。グラフは FILE.svg か FILE.png と名付けてください
refuse-chart-no-name = { $path } には { $ext } の前に名前がありません。グラフは FILE.svg か FILE.png と名付けてください
chart-cannot-write = --chart { $path }: グラフを書き込めません

## store: the operating system's words (std::io::Error) inside messages.
## English never looks these up: it keeps the OS's own text, byte for
## byte. Another language tells these kinds in its words, keeping the
## OS's code after them: "... (os error 2)".

os-not-found = ファイルまたはディレクトリがありません
os-not-permitted = 操作は許可されていません
os-permission-denied = アクセスが拒否されました
os-connection-refused = 接続を拒否されました
os-connection-reset = 接続が相手からリセットされました
os-connection-aborted = 接続が中断されました
os-not-connected = 接続されていません
os-host-unreachable = ホストへの経路がありません
os-network-unreachable = ネットワークに到達できません
os-network-down = ネットワークが停止しています
os-addr-in-use = アドレスはすでに使用中です
os-addr-not-available = 要求されたアドレスを割り当てられません
os-timed-out = 接続がタイムアウトしました
os-already-exists = ファイルがすでにあります
os-broken-pipe = パイプが切断されました
os-would-block = リソースが一時的に利用できません
os-read-only-filesystem = 読み取り専用のファイルシステムです
os-storage-full = デバイスに空き領域がありません
os-quota-exceeded = ディスク使用量の上限を超えました
os-file-too-large = ファイルが大きすぎます
os-is-a-directory = ディレクトリです
os-not-a-directory = ディレクトリではありません
os-directory-not-empty = ディレクトリが空ではありません
os-resource-busy = デバイスまたはリソースが使用中です
os-unexpected-eof = 予期しないファイルの終わりです

## store: the SQLite file (opening, refusing, locking)

sqlite-file-kind = { $kind ->
    [folder] フォルダー
    [fifo] FIFO（名前付きパイプ）
    [device] デバイス
    [socket] ソケット
   *[other] 通常のファイル以外のもの
}
sqlite-not-a-file = { $path } は{ sqlite-file-kind }で、チケットログのファイルではありません。--db にはファイルのパスを指定してください（なければ作成します）
sqlite-not-a-log-file = { $path } は{ sqlite-file-kind }で、チケットログのファイルではありません。--db にはチケットログのファイルのパスを指定してください
sqlite-sibling-not-a-file = { $path } は{ sqlite-file-kind }ですが、そこは SQLite がチケットログの { $suffix } ファイルを置く場所です。削除してください
sqlite-not-regular = { $path } は通常のファイルではなく、チケットログのファイルではありません。--db にはファイルのパスを指定してください
sqlite-cannot-look = { $path } を調べられません
sqlite-cannot-read = { $path } を読めません
sqlite-cannot-read-log = チケットログ { $path } を読めません
sqlite-cannot-create-folder = フォルダー { $path } を作成できません
db-no-folder = { $flag } は { $path } を指していますが、フォルダー { $folder } がありません。先に作成する（{ $mkdir }）か、パスを直してください。新しいチケットログは既存のフォルダーにだけ作られるため、打ち間違えたパスやマウントされていない共有に別のログができることはありません
sqlite-cannot-create = { $path } を作成できません。フォルダー { $folder } に書き込めません
sqlite-blank-not-yours = { $path } にはまだチケットログがなく、その所有者はあなたではなく { $owner } です。ここにログを作ると、その所有者が読み書きできるままになります。このファイルを削除する（または所有者に削除を頼む）か、ログに別のパスを指定してください
sqlite-cannot-make-private = { $path } を新しいチケットログと同じく所有者だけが読み書きできる状態（モード 0600）にできません
sqlite-cannot-sync = { $path } をディスクに同期できません
sqlite-cannot-sync-folder = フォルダー { $path } をディスクに同期できません
sqlite-cannot-lock = { $path } をロックできません
sqlite-cannot-find = チケットログ { $path } が見つかりません
sqlite-cannot-set-busy = { $path } の待ち時間（busy timeout）を設定できません
sqlite-checkpointed = チケットログ { $path } は読んでいる間に書き込み側がチェックポイントしたため、読んだ内容が混ざっているかもしれません。もう一度試してください
sqlite-foreign = { $log } は SQLite データベースですが、slaclock のチケットログではありません。手を付けていません
sqlite-no-wal = チケットログ { $path } を WAL モードに切り替えられません（SQLite のモードは { $mode } のままです）
sqlite-wal-unreadable = チケットログ { $path } を読めません。最新の変更は { $wal } にあり、それを読むには { $shm } が必要ですが、{ $shm_is ->
    [unreadable] あなたには読めません
   *[missing] ありません
}。ログに書き込む slaclock のコマンドを（書き込める人が）実行すれば変更はログに取り込まれます。あるいはログの所有者が両方のファイルをログと同じように読めるようにしてください
sqlite-older = チケットログ { $path } のスキーマバージョンは { $version } で、この slaclock の { $known } より古く、あなたには更新できません。書き込める人が slaclock のコマンドをどれか実行してください
sqlite-invalid-version = スキーマバージョン { $version } は不正です
sqlite-not-ours = slaclock のチケットログではありません

## store: what both stores say (schema versions, rows, queries, copies)

store-newer = { $log } は新しい slaclock が書いたものです（スキーマバージョン { $version }。この slaclock は { $known } まで）。slaclock を更新してください
store-invalid-version = { $log } のスキーマバージョン { $version } は不正で、slaclock のチケットログではありません。手を付けていません
sqlite-version-zero = { $log } は slaclock のチケットログの印がありながらスキーマバージョンが 0 で、すでにテーブルがあります。手作業か別のツールで書き換えられています。手を付けていません。最新のバックアップを元の場所に置いてください（README の「Backups」）
store-cannot-migrate = スキーマの移行 { $step } を適用できません
store-bind-count = 文には値が { $count } 個必要ですが、{ $given } 個しか与えられていません
log-not-whole = チケットログの { $column } に { $found } が入っています。整数ではありません
log-policy-vanished = 保存中にポリシー版が消えました
log-cannot-record-ticket = チケット { $title } を記録できません
log-cannot-record-event = チケット{ $id }の { $kind } イベントを記録できません
log-cannot-move = チケット{ $id }をポリシー版{ $version }に移せません
log-empty-column = チケットログの { $column } が空です
log-out-of-range = チケットログの { $column } の値 { $value } が範囲外です（0〜255）
log-cannot-read-ticket = チケット{ $id }を読めません
log-cannot-read-event = イベント{ $id }を読めません
log-cannot-read-notice = 通知{ $id }を読めません
log-cannot-copy-policy = ポリシー版{ $id }をコピーできません
log-cannot-copy-ticket = チケット{ $id }をコピーできません
log-cannot-copy-event = チケット{ $id }のイベント{ $event }をコピーできません
log-cannot-copy-notice = チケット{ $id }の通知{ $notice }をコピーできません
log-rows-for-one = 行は多くても1行のはずですが、{ $n }行ありました
log-empty-ticket-id = チケット番号が空です
log-count-no-row = 件数の問い合わせが行を返しませんでした
log-vanished-changed = 変更中にチケット{ $id }が消えました
log-vanished-opened = 受付中にチケット{ $id }が消えました
log-no-ticket = チケット{ $id }はチケットログにありません
log-no-event = イベント{ $id }はチケットログにありません
log-no-policy = ポリシー版{ $version }がチケットログにありません
log-cannot-look-up-ref = 参照 { $reference } のチケットを探せません
log-cannot-read-events = チケット{ $id }のイベントを読めません
log-cannot-read-corrections = チケットの{ $field }の訂正を読めません
log-cannot-read-ticket-events = チケット{ $id }とそのイベントを読めません
log-cannot-correct = チケット{ $id }の{ $field ->
    [title] 件名
    [customer] お客様名
    [service] サービス名
    [ref] 参照（--ref）
   *[other] { $field }
}を訂正できません
log-cannot-repin = チケット{ $id }の契約を付け直せません
log-cannot-record-notice = チケット{ $id }について送った通知を記録できません
log-cannot-read-notices = 送った通知を読めません
log-clock-behind = チケットログには { $newest } に記録されたイベントがあり、このマシンの時計による現在（{ $now }）より{ $gap }後です。このマシンの「現在」より後の記録が抜け落ちるため、判定しません。このマシンと記録したマシンの時計を確認してください
warn-clock-behind = チケットログには { $newest } に記録されたイベントがあり、このマシンの時計による現在（{ $now }）より{ $gap }後です。表示される内容には、このマシンの「現在」より後の記録が含まれていません。このマシンと記録したマシンの時計を確認してください
log-cannot-read-newest = 最新のイベント番号を読めません
log-ref-taken = 参照 { $reference } はすでに別のチケットが持っています

## store: PostgreSQL (connecting, deadlines, TLS, the environment, refusals)

pg-cannot-connect = チケットログ { $shown } に接続できません
pg-cannot-connect-because = チケットログ { $shown } に接続できません: { $error }
pg-cannot-connect-at = チケットログ { $shown } に { $at } で接続できません: { $error }。PostgreSQL がそこで動いているか、ホストとポートが正しいかを確認してください
pg-not-postgres = チケットログ { $shown } に { $at } で接続できません: 応答した相手は PostgreSQL のプロトコルを話していません（{ $error }）。ホストとポートが正しいかを確認してください
pg-cut-off = チケットログ { $shown } に { $at } で接続できません: PostgreSQL サーバーが応答する前に接続が閉じられました（{ $error }）。PostgreSQL がそこで動いているか、ホストとポートが正しいかを確認してください
pg-no-answer-connect = チケットログ { $shown } に接続できません: サーバーが{ $waited }以内に応答しませんでした（connect_timeout）
pg-no-answer-connect-at = チケットログ { $shown } に { $at } で接続できません: サーバーが{ $waited }以内に応答しませんでした（connect_timeout）
pg-no-answer-read = チケットログ { $shown } が{ $waited }以内に応答しませんでした。サーバーが止まっているか、過負荷ではありませんか
pg-no-answer-read-at = チケットログ { $shown }（{ $at }）が{ $waited }以内に応答しませんでした。サーバーが止まっているか、過負荷ではありませんか
pg-no-answer-write = チケットログ { $shown } が{ $waited }以内に応答しませんでした。何も記録していません
pg-no-answer-write-at = チケットログ { $shown }（{ $at }）が{ $waited }以内に応答しませんでした。何も記録していません
pg-no-answer-commit = チケットログ { $shown } が{ $waited }以内にコミットを確認しませんでした。変更は記録されたかもしれず、されていないかもしれません。やり直す前にログを確認してください
pg-no-answer-commit-at = チケットログ { $shown }（{ $at }）が{ $waited }以内にコミットを確認しませんでした。変更は記録されたかもしれず、されていないかもしれません。やり直す前にログを確認してください
pg-closed = { $shown } への接続は閉じています
pg-recorded-but = 変更はチケットログ { $shown } に記録しましたが、その後
pg-transaction-pooling = チケットログ { $shown } はトランザクションモードのプーラー経由です。サーバー接続が準備済み文ごと別のクライアントに渡されます。slaclock にはセッションプーリングが必要です（PgBouncer なら pool_mode = session）
pg-lost = チケットログ { $shown } との接続が切れました
pg-lost-committing = コミット中にチケットログ { $shown } との接続が切れました。変更は記録されたかもしれず、されていないかもしれません。やり直す前にログを確認してください
pg-locked = チケットログ { $shown } は別のセッションがロックしています。{ $waited }待ってあきらめました（SLACLOCK_BUSY_TIMEOUT）。もう一度試してください
pg-cancelled = チケットログ { $shown } は statement_timeout を超えた文を取り消しました。もう一度試してください
pg-refused-access = チケットログ { $shown } がアクセスを拒否しました。データベースのロールの権限を確認してください
pg-not-utf8 = { $log } は文字コードが { $encoding } のデータベースで、チケットログに記録する文字をすべては保存できません。UTF8 のデータベースにログを作ってください（createdb --encoding=UTF8 --template=template0 名前）
pg-foreign = { $log } は PostgreSQL データベースですが、slaclock のチケットログではありません。手を付けていません
pg-rows-for-one = サーバーは1行のはずの答えに{ $n }行を返しました
pg-gave-no-answer = サーバーが答えを返しませんでした
pg-too-few-answers = サーバーの答えが足りません
pg-odd-answer-query = サーバーは問い合わせに { $answer } と答えました
pg-odd-answer-update = サーバーは更新に { $answer } と答えました
pg-already-committed = 変更はすでにコミットしました。これ以上書き込めません
pg-event-without-data = データのないイベントです
pg-opened-rows = 受け付けたばかりのチケットが{ $n }行で返ってきました
pg-cannot-move-ids = { $table } の番号をコピーした行の後ろへ進められません
pg-cannot-copy-span = { $what ->
    [policy-versions] ポリシー版
    [tickets] チケット
    [events] イベント
   *[notices] 通知
}{ $low }〜{ $high }をコピーできません
pg-env-port = PGPORT は { $value } で、ポート番号（1〜65535）ではありません
pg-env-ports-hosts = PGPORT のポート数（{ $ports }）がホスト数（{ $hosts }）と合いません。ポートを1つか、ホストごとに1つ指定してください
pg-env-connect-timeout = PGCONNECT_TIMEOUT は { $value } で、秒数（整数）ではありません
pg-warning = 警告: { $warning }
pg-passfile-not-a-file = パスワードファイル { $path } は通常のファイルではありません。無視します
pg-passfile-open = パスワードファイル { $path } はグループまたは他のユーザーがアクセスできます。権限は u=rw (0600) 以下にしてください。無視します
pg-passfile-unreadable = パスワードファイル { $path } を読めません: { $error }。無視します
pg-passfile-too-big = パスワードファイル { $path } はパスワードファイルの上限 1 MiB を超えています。無視します
pg-sslmode-invalid = { $from } は { $value } で、disable、prefer、require、verify-ca、verify-full のどれでもありません
pg-tls-setup = TLS を準備できません
pg-rootcert-unreadable = sslrootcert { $path }: { $error }
pg-rootcert-empty = sslrootcert { $path }: 証明書が入っていません
pg-rootcert-not-a-file = sslrootcert { $path } は{ sqlite-file-kind }で、通常のファイルではありません。サーバーの証明書に署名した CA の証明書を収めた PEM ファイルのパスを指定してください
pg-rootcert-too-big = sslrootcert { $path } はルート証明書ファイルの上限 1 MiB を超えています。正しいファイルか確かめ、サーバーの証明書に署名した CA の証明書を収めた PEM ファイルのパスを指定してください
pg-no-roots = サーバーの証明書を確かめるルート証明書がこのシステムに見つかりません。sslrootcert=<PEM ファイル> を指定してください
## app: clap's usage errors, as clap words them (English is printed by
## clap itself; these are its words, so the tests can check that the
## rebuilt error is clap's own, part for part)
clap-tip = ヒント:
clap-usage = 使い方: { $usage }
clap-more = 詳しくは '{ $flag }' を見てください。
clap-conflict-again = 引数 '{ $arg }' は一度しか指定できません
clap-conflict-arg = 引数 '{ $arg }'
clap-conflict-subcommand = サブコマンド '{ $subcommand }'
clap-conflict-alone = { $who } はほかの引数と一緒には使えません
clap-conflict-with = { $who } は '{ $other }' と一緒には使えません
clap-conflict-with-these = { $who } は次の引数と一緒には使えません:
clap-conflict-with-others = { $who } はほかに指定した引数と一緒には使えません
clap-no-equals = '{ $arg }' に値を渡すには等号 (=) が必要です
clap-value-missing = '{ $arg }' に値が必要ですが、指定されていません
clap-value-invalid = '{ $arg }' に値 '{ $value }' は使えません
clap-possible-values = ［使える値: { $list }］
clap-subcommands = ［サブコマンド: { $list }］
clap-unknown-subcommand = サブコマンド '{ $subcommand }' はありません
clap-missing = 次の必須の引数が指定されていません:
clap-missing-subcommand = '{ $subcommand }' にはサブコマンドが必要ですが、指定されていません
clap-too-many = '{ $arg }' に余分な値 '{ $value }' があります。これ以上の値は取りません
clap-too-few = '{ $arg }' には値が{ $min }個必要ですが、{ $n }個しか指定されていません
clap-wrong-number = '{ $arg }' には値が{ $want }個必要ですが、{ $n }個指定されました
clap-unknown-argument = 予期しない引数 '{ $arg }' があります
clap-similar-argument = 似た引数があります: { $list }
clap-similar-subcommand = 似たサブコマンドがあります: { $list }
clap-similar-value = 似た値があります: { $list }
clap-tip-as-value = '{ $arg }' を値として渡すには '{ $how }' と書いてください
clap-tip-double-dash = サブコマンド '{ $subcommand }' があります。使うには前の '--' を外してください
clap-tip-exists = '{ $what }' があります
clap-tip-quote = 空白を含む文字列は引用符で囲んでください: { $example }
clap-out-of-range = { $value } は { $low } から { $high } までの範囲にありません
clap-not-a-number = 数ではありません
clap-number-too-large = 大きすぎる数です

## app: watch's terminal
watch-not-a-terminal = watch は端末にライブボードを描きますが、標準出力が端末ではありません。一覧には `slaclock status`（または `status --format json`、監視には `check`）を使ってください
watch-input-ended = 端末の入力が終わりました
watch-keys-dropped = チケットログの応答を待つ間（{ $waited }）に押されたキー { $n } 個は実行していません。必要ならもう一度押してください
watch-cannot-set-up = ライブボードのために端末を準備できません
watch-cannot-catch-signal = シグナル { $signal } を受け取る準備ができません

## app: report and the charts' refusals
refuse-since-until = --since（{ $since }）は --until（{ $until }）より前にしてください
refuse-since-now = --since（{ $since }）は現在（{ $now }）より前にしてください。--until を指定しないと期間は現在で終わります。もっと前の --since か、それより後の --until を指定してください
report-no-month = レポートする月がありません
report-no-period = レポートする期間がありません
report-no-month-start = { $date } の月の初日がありません
refuse-chart-trend-flags = --chart は直近 --months N か月（既定は12）の推移を描くので、--since、--until、--by は指定できません。その期間の復旧時間を描くには --restore-times を加えてください
judging-stopped = チケットを判定する処理が止まりました
judging-failed = チケットを判定する処理が失敗しました
report-proposal = report --policy（提案するポリシー）: { $error }
report-proposal-contract = report --policy { $path }: 契約 { $contract }: { $error }
chart-cannot-encode = グラフを PNG にエンコードできません: { $error }
chart-font-unreadable = slaclock に埋め込まれたグラフのフォントを読めません
chart-cannot-draw = グラフを描けません: { $error }

## app: holidays import's refusals and warnings
warning-prefix = 警告:
holidays-embedded-policy = slaclock は埋め込みの既定ポリシーを使っていて、これは編集できません。`slaclock init` で編集用のコピーを書き出してから（または --policy PATH を指定して）、もう一度インポートしてください
holidays-refused-line = { $ics }:{ $line }: { $error }。何も変更していません
holidays-refused = { $path }: { $error }。何も変更していません
holidays-policy-would-not-load = この休日ではポリシーが読み込めなくなるため、何も書き込んでいません:
    { $errors }
holidays-need-yes = 書き込んでいません: 確認する端末がないため、{ $path } にこの休日を書き込むには --yes を指定してください
holidays-not-written = slaclock: 書き込んでいません。{ $path } は元のままです
holidays-cannot-write = { $path } に休日を書き込めません。ファイルは元のままです
holidays-changed = インポートの準備中にファイルが変更されました。もう一度インポートしてください

## app: files written (init, export -o, metrics -o, --chart)
init-no-config-folder = 設定フォルダーがありません（HOME は設定されていますか）。PATH を指定してください: slaclock init ./severity.toml
init-exists = { $path } はすでにあります。既定のポリシーで上書きするには --force を指定してください
init-cannot-write = { $path } にポリシーを書き込めません
cannot-create-folder = フォルダー { $path } を作成できません
file-not-a-name = ファイル名ではありません。書き込むファイルの名前を指定してください
file-is-a-folder = フォルダーです。書き込むファイルの名前を指定してください
file-no-folder = フォルダー { $path } がありません。先に作成するか、別の場所に書き込んでください
file-cannot-create-temp = { $path } に一時ファイルを作成できません
file-cannot-flush = 新しいファイルをディスクに書き出せません
file-cannot-move = 新しいファイルを所定の場所に移せません
file-read-only = このファイルには書き込む権限がありません（モード { $mode }）。slaclock は書き込めるファイルだけを置き換えます。先に書き込めるようにする（chmod u+w）か、別の場所に書いてください
file-cannot-flush-folder = フォルダー { $path } をディスクに書き出せません
file-is-special = { $kind }で、通常のファイルではありません。slaclock はファイルを丸ごと置き換えて書くため、書き込めません。通常のファイルの名前を指定してください
file-is-special-output = { $kind }で、通常のファイルではありません。slaclock はファイルを丸ごと置き換えて書くため、書き込めません。通常のファイルの名前を指定するか、-o を付けずに標準出力に書いてリダイレクトしてください

## app: the other commands' refusals (open, status, escalate, void, policy, export, migrate, notify)
refuse-open-contract = --contract { $contract }: { $error }。何も記録していません
refuse-show-contract = --contract { $contract }: { $error }
refuse-ref-differs = --ref { $reference } はすでにチケット{ $id }（報告 { $reported }）で、{ $fields }が異なります: { $held }。何も記録していません。新しいチケットには別の --ref を指定するか、このチケットを確認してください: slaclock status { $number }
ref-differ-item = { $field }は{ $held }（指定は{ $asked }）
ref-differ-none = なし
ref-differ-separator = { "、" }
ref-differ-comma = { "、" }
ref-differ-and = { $rest }、{ $last }
ref-field-kind = 種別
ref-field-severity = 深刻度
ref-field-title = 件名
ref-field-customer = お客様
ref-field-service = サービス
ref-field-contract = 契約
refuse-not-yet-recorded = チケット{ $id }は { $at } の時点ではまだ記録されていません
refuse-not-yet-reported = チケット{ $id }は { $at } の時点ではまだ報告されていません
refuse-escalate-reason = escalate には --reason impact、slow、expectations のいずれかが必要です
void-vanished = チケット{ $id }のイベント{ $event }が取り消しの途中でなくなりました
policy-version-missing = ポリシー版 { $version } がチケットログにありません
policy-version-no-contract = チケットは契約 { $contract } に固定されていますが、ポリシー版 { $version } では: { $error }
policy-version-unparsable = チケットログのポリシー版 { $version } が読み込めなくなっています: { $error }
export-cannot-write-stdout = エクスポートを標準出力に書き込めません
migrate-empty = { $flag } が空です。SQLite のチケットログのパスか postgres:// の URL を指定してください
migrate-folder = { $flag } { $path } はフォルダーです。チケットログのファイルのパスを指定してください
migrate-no-log = --from { $path }: チケットログがありません。既存のログのパスか postgres:// の URL を指定してください
migrate-same-log = --from と --to が同じログ（{ $log }）です。コピーするものはありません
migrate-not-empty = { $log } は空ではありません。migrate は空のログにだけコピーするので、何も上書きしません
migrate-progress = {"{"}bar:40{"}"} {"{"}pos{"}"}/{"{"}len{"}"}件、{"{"}rate{"}"}、残り{"{"}eta{"}"}
migrate-notices-differ = コピーには notify が送った通知が{ $sent }件ありますが、{ $from } のスナップショットには{ $held }件あります。何も残していません
migrate-counts-differ = コピーにはチケット{ $tickets }件、イベント{ $events }件、ポリシー版{ $versions }件がありますが、読み込んだ { $from } のスナップショットにはそれぞれ{ $held_tickets }件、{ $held_events }件、{ $held_versions }件あります。何も残していません
notify-busy = slaclock: 別の notify がこのログの通知を送信中です。この実行では何も送っていません（まだ新しいものは次の実行で送ります）
notify-cannot-claim = { $path } を作成できません（notify が一度に一つだけ保持するファイルです）
notify-exec-or-webhook = --exec CMD か --webhook URL のどちらかを指定してください
notify-not-recorded = { $n }件のイベントを送りましたが記録できませんでした。次の実行でもう一度送られることがあります
notify-failed = { $n }件中{ $failed }件のイベントを送れませんでした。次の実行でもう一度送ります
notify-failed-left = { $n }件中{ $failed }件のイベントを送れず、受け手のタイムアウト後の{ $left }件は送らずに残しました。次の実行でもう一度送ります
notify-left = slaclock: 残りの{ $left }件のイベントは送っていません。受け手が{ $timeout }（--timeout）以内に応答しなかったため、この実行ではもう試しません。次の実行で送ります
notify-could-not-send = slaclock: [{ $summary }] を送れませんでした: { $why }。次の実行でもう一度送ります
refuse-exec-empty = --exec にはシェルのコマンドが必要です（例: --exec 'mail -s slaclock oncall@example.com'）
refuse-webhook-url = --webhook には http:// か https:// の URL が必要です（例: https://hooks.slack.com/services/...）
refuse-webhook-port = --webhook の URL のポート { $port } は使えません。ポートは 1 から 65535 までの数（例: http://127.0.0.1:8080/hook）で、省くと http は 80、https は 443 です
send-cannot-run-sh = sh を実行できません: { $error }
send-timed-out = コマンドが{ $timeout }（--timeout）以内に終わらなかったため止めました
send-cannot-wait = コマンドの終了を待てません: { $error }
send-exited = コマンドが終了コード { $code } で終わりました
send-killed = コマンドがシグナル { $signal } で止められました
send-ended = コマンドが { $status } で終わりました
send-cannot-post = { $url } に POST できません: { $error }
send-webhook-timed-out = { $url } が{ $timeout }（--timeout）以内に応答しませんでした
send-answered = { $url } の応答は { $status }{ $said }

## app: reading the policy file and other whole files
read-policy-what = ポリシーファイル
read-policy-instead = severity.toml のパスを指定してください
read-policy-limit = ポリシーの上限 1 MiB
read-ics-what = iCalendar ファイル
read-ics-instead = .ics ファイルのパスを指定してください
read-ics-limit = iCalendar ファイルの上限 16 MiB
read-cannot = { $what } { $path } を読めません
read-not-regular = { $what } { $path } は{ $kind }で、通常のファイルではありません。{ $instead }
read-too-big = { $what } { $path } は{ $bytes }バイトで、{ $limit }を超えています。正しいファイルですか
read-grew = { $what } { $path } が読み込み中に{ $limit }を超えました
file-kind-folder = フォルダー
file-kind-fifo = FIFO（名前付きパイプ）
file-kind-device = デバイス
file-kind-socket = ソケット
file-kind-other = 通常のファイル以外
file-kind-open-file = プロセスが開いているファイルへのリンク（/dev/stdout など）
zone-file-is = { $kind }です
policy-one-problem = { $problem }（ポリシーを読み込んでいません。何も変更していません）
policy-problems = ポリシーファイル { $path } に問題が{ $n }件あります。何も変更していません
    { $problems }

## rest: notify, status --ref, migrate
notify-sent = 送信: { $summary }
notify-counts = 送信{ $sent }件、失敗{ $failed }件、営業時間まで保留{ $held }件
notify-counts-left = 送信{ $sent }件、失敗{ $failed }件、タイムアウト後に未送信{ $left }件、営業時間まで保留{ $held }件
status-no-ref = 参照 { $reference } のチケットはありません。
migrate-copied = { $from } から { $to } へ、チケット{ $tickets }件、イベント{ $events }件、ポリシー版{ $versions }件をコピーしました。件数は一致しています。

## rest: status --explain
trace-head-promise = { $clock }: { $target }、書面で約束した期限（一時停止で動かない）、{ $calendar }カレンダー、起点 { $start }

## rest: charts (report --chart, --restore-times)
chart-trend-title = 月別の遵守率（{ $period }）
chart-trend-subtitle = 深刻度別のインシデント。各チケットは{ $policy }で判定。目標はすべてのチケットが期限内
chart-panel-response = 初期応答の達成（判定したチケットに占める割合、%）
chart-panel-updates = 期限内の更新（更新が始まったチケットに占める割合、%）
chart-panel-restore = 復旧の達成（判定したインシデントに占める割合、%）
chart-legend-severity = 深刻度{ $severity }
chart-legend-target = 目標: 100%が期限内
chart-restore-title = 復旧までの計上時間（{ $period }）
chart-restore-subtitle = 解決したインシデントの深刻度別。{ $policy }で判定。薄い棒は各インシデントの目標内、濃い棒は目標超過、線は目標
chart-restore-none = 深刻度{ $severity }: 解決したインシデントなし
chart-restore-caption = 深刻度{ $severity }: 解決したインシデント{ $n }件、うち目標超過{ $over }件（目標 { $targets }）
chart-restore-x = 復旧の目標に計上した時間（そのカレンダーで、お客様待ちを除く）
chart-restore-y = インシデント数
chart-restore-beyond = { $reach }を超える{ $n }件は最後の棒に計上
chart-hours = { $hours }時間
chart-months-none = 該当月なし
chart-span = { $from }～{ $to }
chart-policy-none = チケットごとに記録されたポリシー（期間内のチケットなし）
chart-policy-one = ポリシー版{ $version }
chart-policy-many = ポリシー版{ $versions }、{ $last }
chart-period-opened = { $span }に受付
chart-list-separator = 、

## rest: the policy file's problems (sla::policy; each after FILE:LINE:COLUMN)
policy-not-duration = { $text } は期間ではありません。"15m"、"4h"、"1h 30m" のように書いてください
policy-unknown-unit = { $text } は期間ではありません。単位 { $unit } はポリシーでは使えません。s、m、h、d、w か、second、minute、hour、day、week（複数形や、略した sec、min、hr、wk も可）を使い、"15m"、"4h"、"1h 30m" のように書いてください
policy-duration-unit = { $text } の単位 { $unit } はポリシーでは使えません。月や年は長さが決まっておらず、"M" は分の "m" と打ち間違えやすいためです。"15m"、"4h"、"30d" のように s、m、h、d、w で書いてください
policy-part-second = { $text } は秒単位の整数ではありません。目標・しきい値・繰り返し間隔は秒単位で数えるため、1秒未満の部分を除いてください
policy-too-long = { $text } は366日を超えています。目標やしきい値、繰り返しの間隔は "366days" までにしてください
policy-unreachable = カレンダー { $calendar } で { $text } を数えると、達するまでに{ $years }年を超えることがあります。{ $years }年以内に届くよう、目標を短くするか、カレンダーの営業時間を増やしてください
policy-zero = { $text } はゼロです。目標やしきい値、繰り返しの間隔は1秒以上にしてください
policy-under-a-second = { $text } は1秒未満です。目標やしきい値、繰り返しの間隔は秒単位で数えるので、"1s" 以上にしてください
policy-negative = { $text } は負の値です。目標やしきい値、繰り返しの間隔は "15m" のように1秒以上で書いてください
policy-not-interval = { $text } は時間帯ではありません。"09:00-17:00" のように "HH:MM-HH:MM" で書いてください
policy-interval-hint = { $text }: "09:00-17:00" のように "HH:MM-HH:MM" で書いてください
policy-interval-time = { $text } に 00:00 から 24:00 までの HH:MM でない時刻があります
policy-interval-backwards = { $text } は終わりが始まりより前です。日をまたぐシフトは、午前0時の前後で2つの時間帯に分けて書いてください
policy-interval-empty = { $text } は空です（始まりと終わりが同じです）。"09:00-17:00" のような範囲を書くか、休みの曜日は書かずにおいてください
policy-one = `{ $a }`
policy-or-2 = `{ $a }`か`{ $b }`
policy-or-3 = `{ $a }`、`{ $b }`か`{ $c }`
policy-and-2 = `{ $a }`と`{ $b }`
policy-and-3 = `{ $a }`、`{ $b }`と`{ $c }`
policy-no-targets = 深刻度{ $sev }に目標がありません。[severity.{ $sev }] の表を加え、response = "{ $response }"、update = "{ $update }"、restore = "{ $restore }" を書いてください
policy-missing-targets = 深刻度{ $sev }に{ $names }の目標がありません。{ $adds }を加えてください
policy-severity-change = severity_change が { $value } です。"retroactive" か "restart" にしてください
policy-at = { $what }: { $problem }
policy-level-at = エスカレーションのレベル{ $level }: { $problem }
policy-pauses = waiting.pauses に { $value } があります。"response"、"update"、"restore" のいずれかにしてください
policy-24x7 = カレンダー "24x7" は組み込みのため定義し直せません。別の名前を付けてください
policy-unknown-calendar = { $what }: { $name } という名前のカレンダーはありません。定義済み: { $known }
policy-not-severity-table = [severity.{ $key }] は深刻度ではありません。1、2、3 のいずれかにしてください
policy-provisioning-restore = provisioning.restore: 復旧の目標はインシデントにだけ適用されます。削除してください
policy-level-order = エスカレーションのレベル{ $level }の順序が違います。レベルは1から始まり1ずつ上がるので、ここは{ $expected }です
policy-after-severity = escalation.after に深刻度 { $key } があります。1、2、3 のいずれかにしてください
policy-level-not-later = エスカレーションのレベル{ $expected }は深刻度{ $key }で { $after } 後ですが、レベル{ $level }より後ではありません。しきい値はレベルとともに大きくしてください
policy-too-many-levels = エスカレーションのレベルが9を超えています。たどれる短さにしてください
policy-timezone = calendars.{ $name }.timezone の { $zone } はIANAのタイムゾーンではありません。"Australia/Brisbane" や "Asia/Tokyo" のように書いてください
policy-overlap = calendars.{ $name }.{ $day }: { $interval } が { $previous } と重なるか、その前にあります。1日の時間帯は重ならないよう順に並べてください
policy-no-open-hour = カレンダー { $name } には週に営業時間が1時間もないため、その目標は決して達成できません。mon = ["09:00-17:00"] のように時間帯を加えてください
policy-holiday-date = calendars.{ $name }.holidays: { $date } は日付ではありません。"YYYY-MM-DD" で書いてください
policy-not-utf8 = ファイルがUTF-8のテキストではありません（ここにバイト0x{ $byte }）。UTF-8で保存してください
policy-toml = TOMLとして読めません: { $error }
policy-type = { $key }: 値の形が違います: { $error }
policy-type-example = { $key }: 値の形が違います: { $error }。例: { $example }
policy-type-table = { $key }: 値の形が違います: { $error }。{ $key } は表です。{ $header } を1行で書き、その下に { $example } のような行を続けてください
policy-type-levels = escalation: 値の形が違います: { $error }。エスカレーションの各レベルは表です。レベルごとに { $header } を1行で書き、その下に { $example } のような行を続けてください
policy-missing-field = { $key }: { $field } がありません。{ $example } のように書いてください
policy-duplicate-key = キー { $key } が重複しています。同じ表の中では一度だけ書いてください
policy-duplicate-table = 表 { $table } が二度書かれています。キーは一つの見出しの下にまとめてください
policy-unknown-key = [{ $table }] に不明なキー { $key } があります。{ $hint }
policy-unknown-top-key = ファイルの最上位に不明なキー { $key } があります。{ $hint }
policy-did-you-mean = { $near } のことですか？
policy-keys-there-are = 使えるキーは { $keys } です
policy-contract-no-name = 契約には名前が必要です。[contracts.premium] のように書いてください
policy-customer-no-name = customers: お客様の名前が空です。"ACME" = "premium" のように、チケットを受け付けるときの名前を書いてください
policy-contract-not-severity = { $what }.severity.{ $key } は深刻度ではありません。1、2、3 のいずれかにしてください
policy-contract-no-base = { $what }.severity.{ $key }: 基本のポリシーに上書きする深刻度{ $key }がありません。先に [severity.{ $key }] の表を加えてください
policy-base-no-levels = 基本のポリシーにエスカレーションのレベルはありません
policy-base-level-one = 基本のポリシーにはレベル1だけがあります
policy-base-levels = 基本のポリシーにはレベル1から{ $n }があります
policy-contract-not-level = { $what }.escalation.{ $key } は上書きできるエスカレーションのレベルではありません。{ $levels }
policy-contract-empty-contact = { $what }.escalation.{ $key }: 連絡先が空です。"Premium desk <premium@example.com>" のように連絡先を書いてください
policy-customer-no-contract = customers.{ $customer }: { $name } という名前の契約はありません。{ $known }
policy-customer-twice = customers.{ $customer }: { $other } がすでにあり、お客様の名前は大文字と小文字を区別せずに照合されます。どちらか1つにしてください
policy-no-contracts = ポリシーに契約は定義されていません
policy-defined-contracts = ポリシーで定義済みの契約: { $names }
policy-no-contract = { $name } という名前の契約はありません。{ $known }

## rest: holidays import (sla::holiday_list, sla::ics)
holidays-list-24x7 = カレンダー "24x7" は組み込みで休日がありません。ポリシーの営業カレンダーを指定してください
holidays-list-toml = TOMLとして読めません: { $error }
holidays-list-not-found = テキストの中に { $what } が見つかりません
holidays-list-not-list = calendars.{ $calendar }.holidays が日付のリストではありません。holidays = ["2026-01-01"] のように書いてください
holidays-list-none = calendars.{ $calendar } に置き換える休日のリストがありません。holidays = [] を加えてから、もう一度取り込んでください
holidays-list-no-calendars = { $name } という名前のカレンダーも、営業カレンダーもありません。先に [calendars.{ $calendar }] の表を加えてください
holidays-list-no-calendar = { $name } という名前のカレンダーはありません。営業カレンダー: { $known }
holidays-list-not-date = calendars.{ $calendar }.holidays に日付でない { $item } があります。"YYYY-MM-DD" で書いてください
ics-unparsed = icalendar のパーサーで読めるiCalendarではありません。この行を RFC 5545（NAME;PARAM=VALUE:VALUE）と照らし合わせてください
ics-no-vcalendar = ファイルに VCALENDAR がありません。iCalendarファイルは BEGIN:VCALENDAR で始まります
ics-with-skipped = { $problem }（時刻のある予定か取り消された予定{ $n }件を読み飛ばしました）
ics-no-event = 取り込める終日の予定がファイルにありません
ics-too-many-years = この予定でファイルは{ $last }年まで、最初（{ $first }年）から{ $years }年にわたります。--years N で一度に{ $max }年までにして取り込んでください
ics-not-utf8 = ファイルが UTF-8 のテキストではありません（ここにバイト 0x{ $byte }）。UTF-8 で保存してください
ics-empty = ファイルが空です。iCalendarファイルは BEGIN:VCALENDAR で始まります
ics-not-ics = iCalendarファイルではありません。BEGIN:VCALENDAR ではなく { $start } で始まっています。休日を .ics ファイルとして書き出してください
ics-after-end = END:VCALENDAR の後に { $text } があります。1つのファイルには1つのカレンダーだけなので、そこで終えてください
ics-not-line = { $text } はiCalendarの行ではありません。各行は DTSTART;VALUE=DATE:20260101 のような NAME:VALUE です
ics-end-mismatch = END:{ $value } は{ $line }行目の BEGIN:{ $begun } を閉じていません。その前に END:{ $begun } を加えてください
ics-never-closed = BEGIN:{ $begun } が閉じられていません。END:{ $begun } の前にファイルが終わっています（途中で切れていませんか）
ics-too-deep = BEGIN:{ $begun } で部品の入れ子が{ $depth }段になりますが、入れ子は{ $max }段まで（VCALENDAR > VEVENT > VALARM など）です。先に前の部品を END で閉じてください
ics-not-date = { $name } の { $value } は日付ではありません。{ $name };VALUE=DATE:20260101 のように YYYYMMDD で書いてください
ics-list-not-date = { $name } の { $value } は日付ではありません。終日の予定は日付を { $name };VALUE=DATE:20260101 のように YYYYMMDD で並べます
ics-no-dtstart = 予定 { $summary } に DTSTART がありません。DTSTART;VALUE=DATE:20260101 のように最初の日を書いてください
ics-end-and-duration = 予定に DTEND と DURATION の両方があります。どちらか1つにしてください
ics-timed-end = DTSTART は日付なのに DTEND に時刻があります。終日の予定は DTEND;VALUE=DATE:20260102 のように日付で終わります
ics-end-before-start = DTEND { $end } が DTSTART { $start } より後ではありません。DTEND は最後の休日の翌日です
ics-duration = DURATION { $value } は日数や週数ではありません。終日の予定の長さは P1D、P2D、P1W… です
ics-too-long = 予定 { $summary } は{ $days }日続きます。休日は長くても{ $max }日です。終わりは正しいですか
ics-two-rules = 予定に RRULE が2つ以上あります。規則ごとに別の予定にしてください
ics-timed-recurrence-id = RECURRENCE-ID に時刻があります。終日の繰り返しは RECURRENCE-ID;VALUE=DATE:20260101 のように日付で示します
ics-rule-many = RRULE { $key }={ $value } に値が2つ以上あります。それぞれ別の予定にしてください
ics-rule-bad = RRULE { $key }={ $value } は { $key } の値として正しくありません
ics-rule-byday = RRULE BYDAY={ $value } は月の中の位置つきの曜日ではありません。BYDAY=2MO（第2月曜日）や BYDAY=-1FR（最終金曜日）のように書いてください
ics-rule-unsupported = RRULE { $key } は休日には使えません。その日付はそれぞれ別の予定にしてください
ics-rule-no-freq = RRULE に FREQ がありません。毎年の休日は FREQ=YEARLY です
ics-rule-not-yearly = RRULE FREQ={ $freq }: 休日に展開するのは毎年の規則だけです。その日付はそれぞれ別の予定にしてください
ics-rule-count-until = RRULE に COUNT と UNTIL の両方があります。どちらか1つにしてください
ics-rule-byday-bymonthday = RRULE に BYDAY と BYMONTHDAY の両方があります。どちらか1つにしてください
ics-rule-byday-month = 毎年の規則の RRULE BYDAY には BYMONTH=1;BYDAY=2MO のように BYMONTH が必要です

## 不具合の一行（check の行は監視用なので英語のまま）

panic-writer = 内部エラー{ $place }: { $what }。報告してください。変更が記録されたかどうかはわかりません。コマンドを繰り返す前に `slaclock status` で確認してください
panic-other = 内部エラー{ $place }: { $what }。報告してください
db-not-a-url = URLのように始まっていますが（{ $scheme }）、PostgreSQLのURLは postgres:// または postgresql:// で始まります（小文字、スラッシュ2つ）。ファイル名としては扱いませんでした（そういう名前のファイルは ./名前 と指定します）
db-not-keywords = PostgreSQLの接続文字列のように始まっていますが（{ $keyword }=）、{ $at }文字目から読めません。キーワード=値 の組で書き、空白や引用符を含む値は password='two words' のように単引用符で囲みます。ファイル名としては扱いませんでした
db-spaces = パス { $path } は空か、前後に空白があります（貼り付けの際に入った？）。そのファイルはなく、そういう名前で新しいログは作りません。空白を取り除いてください
db-quoted = 引用符が付いたままのPostgreSQL接続文字列です。引用符を外してください（環境ファイルは値を書かれたとおりに読みます）
db-refused = { $flag } はチケットログではありません: { $why }
pg-upgrade-needs-owner = スキーマはバージョン{ $from }で、このslaclockにはバージョン{ $to }が必要です。更新できるのはテーブルを所有するロールだけです（サーバーの応答: { $error }）。ログを作成したそのロールでslaclockのコマンドを一度実行すれば、どのロールでも再び使えます
pg-cert-unknown-issuer = サーバーの証明書には slaclock が信頼する認証局（システムのもの）の署名がありません。私設の認証局が署名したものなら、その認証局の証明書ファイルを sslrootcert で指定してください
pg-cert-unknown-issuer-file = サーバーの証明書には slaclock が信頼する認証局（{ $by } が指定する { $path } にあるもの）の署名がありません。{ $by } を確認してください
pg-cert-unknown-issuer-default = サーバーの証明書には slaclock が信頼する認証局（sslrootcert の指定がないときに libpq が使う { $path } にあるもの）の署名がありません。そのファイルを確認するか、別のファイルを sslrootcert で指定してください
pg-cert-wrong-name = サーバーの証明書はホスト名 { $expected } のものではありません（記載: { $presented }）。証明書にある名前で接続するか、sslmode=verify-ca を使ってください
pg-tls-no-common-version = サーバーは slaclock が使える TLS のバージョン（TLS 1.2 と 1.3）に対応していません。サーバーの ssl_min_protocol_version と ssl_max_protocol_version でどちらかを許可してください
pg-cert-expired = サーバーの証明書の有効期限が切れています。サーバーに新しい証明書が必要です
pg-cert-ca-as-server = サーバーは認証局自身の証明書（CA:TRUE）を自分の証明書として示していますが、slaclock が信頼するルートにはありません。その証明書自体を sslrootcert に指定するか、信頼する認証局が署名した証明書をサーバーに用意してください
pg-cert-ca-as-server-system = サーバーは認証局自身の証明書（CA:TRUE）を自分の証明書として示していますが、slaclock が信頼するルート（システムのもの）にはありません。その証明書自体を sslrootcert に指定するか、信頼する認証局が署名した証明書をサーバーに用意してください
pg-cert-ca-as-server-file = サーバーは認証局自身の証明書（CA:TRUE）を自分の証明書として示していますが、slaclock が信頼するルート（{ $by } が指定する { $path } にあるもの）にはありません。その証明書自体を { $by } に指定するか、信頼する認証局が署名した証明書をサーバーに用意してください
pg-cert-ca-as-server-default = サーバーは認証局自身の証明書（CA:TRUE）を自分の証明書として示していますが、slaclock が信頼するルート（sslrootcert の指定がないときに libpq が使う { $path } にあるもの）にはありません。その証明書自体を sslrootcert に指定するか、信頼する認証局が署名した証明書をサーバーに用意してください
migrate-reading = { $log }（--from）の読み込み
migrate-writing = { $log }（--to）への書き込み
