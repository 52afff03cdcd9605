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
