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
due-in = あと{ $span }
due-overdue = { $span }超過

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
phrase-due = { $when } ({ $due })
phrase-due-missed = { $at }、更新漏れ{ $n }回

## ボード（status, list, watch）

board-empty = 対応中のチケットはありません。
board-col-id = 番号
board-col-sev = 深刻度
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
board-clock-response = 初期応答
board-clock-update = 更新
board-clock-restore = 復旧
board-clock-own = 担当決定
board-late = { $clock } { $late }遅れ
board-due = { $clock } { $when } (あと{ $left })
board-resolved = 解決 { $when }
board-waiting = お客様待ち { $span }
board-level-due = L{ $level } 期限到来
board-level-in = L{ $level } あと{ $left }
board-not-escalated = 未エスカレーション

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

who-customer-service = { $customer }、{ $service }
who-customer = { $customer }
who-service = { $service }
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
did-unassign = { $at }から担当なし
did-edit = { $at }に{ $field }を「{ $value }」に訂正
did-edit-none = { $at }に{ $field }を空に訂正
did-void = { $at }に取消を記録、クロックはそのイベントなしで判定
owner-is = 担当 { $owner }
owner-none = 担当なし
ticket-facts = { $state }、{ $owner }、報告 { $reported }（{ $ago }前）、ポリシー版 { $version }{ $notes }
timeline = 経過
timeline-col-when = 日時
timeline-col-event = イベント
timeline-col-by = 記録者
timeline-col-details = 詳細
timeline-voided-why = : { $reason }
timeline-voided = 取消済み（{ $by }、{ $when }、イベント{ $number }）{ $why }
timeline-to = 担当 { $owner }
timeline-none = なし
timeline-voids = イベント{ $number }を取消
timeline-severity = 深刻度{ $severity }
timeline-level = レベル{ $level }
timeline-next-update = 次回更新 { $when }まで
timeline-reason = 理由: { $reason }
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

## check: 2行目以降（1行目と perfdata は監視システム向けで、翻訳しない）

check-incident = 深刻度{ $severity }のインシデント
check-for = （{ $customer }）
check-line = #{ $id } { $what }「{ $title }」{ $customer }: { $reasons }
check-breached-due = { $clock } { $due }
check-breached = { $clock } 違反
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
watch-matching = 、{ $text } に一致（Esc で解除）
watch-page = { $total }件中 { $first }-{ $last }

## 端末での質問

prompt-kind = 種別
prompt-severity = 深刻度
prompt-why-escalate = エスカレーションの理由
prompt-title = 件名
prompt-customer = お客様
prompt-reason = 理由
prompt-write-holidays = { $path } に書き込みますか？
prompt-help-choose = ↑↓ で移動、Enter で選択、Esc で取り消し
prompt-help-line = Enter で確定、Esc で取り消し
prompt-help-optional = Enter のみで省略、Esc で取り消し
prompt-help-confirm = y で実行、n または Enter で中止、Esc で取り消し
prompt-unreadable = 回答を読み取れませんでした: { $error }
reason-impact = お客様のビジネスへの影響が大きくなってきた
reason-slow = 問題がすぐに解決されない
reason-expectations = 期待通りのサポートができていない

## init

init-wrote = 既定のポリシーを { $path } に書き込みました。編集したら次のコマンドで確認してください: slaclock policy check { $path }
policy-embedded = 組み込みの既定ポリシー
