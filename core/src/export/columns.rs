//! The column catalogue: every model field and every derived field as a column with a stable
//! id, a value type, the part of the record a role may not see, and a header label in English,
//! Japanese, Russian and Polish. Labels use the seeds' own header words: seed 000's
//! お客様待ち時間(秒) and 通話前アンケート:質問1, seed 002's Звонок с and Результат попытки,
//! seed 004's Numer/adres źródłowy and Czas wydzwaniania, seed 001's 相手の番号.
//!
//! ```
//! use calllog::export::{Column, Field, ValueType};
//! use calllog::Locale;
//!
//! let wait = Column::from(Field::Wait);
//! assert_eq!(wait.id(), "wait");
//! assert_eq!(wait.label(Locale::Ja), "お客様待ち時間(秒)");
//! assert_eq!(wait.value_type(), ValueType::Duration);
//! let q3: Column = "pre_survey_question_3".parse()?;
//! assert_eq!(q3.label(Locale::Ja), "通話前アンケート:質問3");
//! assert_eq!(q3, Column::numbered(Field::PreSurveyQuestion, 3)?);
//! # Ok::<(), calllog::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::access::Restricted;
use crate::error::{Error, Result};
use crate::vocab::Locale;

/// What kind of value a column holds, which decides how each format writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// Free text (neutralised against formula injection).
    Text,
    /// A whole number.
    Integer,
    /// An exact decimal amount (money), written as a number.
    Decimal,
    /// A moment, shown in the profile's time zone (a real date in XLSX).
    DateTime,
    /// A length of time: seconds, or an Excel `[h]:mm:ss` duration.
    Duration,
    /// Yes / blank, or success / failure.
    Boolean,
    /// A closed vocabulary: a label in the profile's locale or the machine name.
    Enum,
    /// Several values in one cell (agents in join order, tags, notes, ring history).
    List,
    /// Structured data in JSON, for a lossless round trip.
    Json,
}

/// Which record type a column reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// [`CallRecord`](crate::CallRecord).
    Call,
    /// [`CallbackRecord`](crate::CallbackRecord) (seed 001).
    Callback,
}

/// Where a column's value comes from, which matters for the detailed layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A field of the contact, repeated or blank on its detail rows.
    Contact,
    /// A field of one IVR step (seed 004 detailed report: one row per step).
    IvrStep,
    /// A field of one ring-history entry (seed 000 N 着信履歴, one row per entry).
    RingEvent,
    /// Computed by [`Rules::derive`](crate::Rules::derive).
    Derived,
}

const P: Option<Restricted> = Some(Restricted::Price);
const S: Option<Restricted> = Some(Restricted::ScenarioLink);
const D: Option<Restricted> = Some(Restricted::CallDetails);
const N: Option<Restricted> = None;

macro_rules! fields {
    ($(
        $(#[$m:meta])*
        $v:ident = $id:literal, $kind:ident, $scope:ident, $ty:ident, $restr:ident,
            [$en:literal, $ja:literal, $ru:literal, $pl:literal];
    )*) => {
        /// A field of the catalogue. Fields whose id ends in `_{n}` are numbered (seed 000's
        /// survey pairs, 1..=50): build their columns with [`Column::numbered`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Field {
            $( $(#[$m])* $v, )*
        }

        impl Field {
            /// Every field, in catalogue order.
            pub const ALL: &'static [Field] = &[$(Field::$v),*];

            /// The stable id (`{n}` stands for the number of a numbered field).
            pub const fn id_pattern(self) -> &'static str {
                match self { $(Field::$v => $id,)* }
            }

            /// The value type.
            pub const fn value_type(self) -> ValueType {
                match self { $(Field::$v => ValueType::$ty,)* }
            }

            /// The record type the field belongs to.
            pub const fn record_kind(self) -> RecordKind {
                match self { $(Field::$v => RecordKind::$kind,)* }
            }

            /// Where the value comes from.
            pub const fn scope(self) -> Scope {
                match self { $(Field::$v => Scope::$scope,)* }
            }

            /// The part of the record this column shows that some roles may not see.
            pub const fn restricted(self) -> Option<Restricted> {
                match self { $(Field::$v => $restr,)* }
            }

            /// The label pattern in `locale` (`{n}` stands for the number).
            pub const fn label_pattern(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $(
                        (Field::$v, Locale::En) => $en,
                        (Field::$v, Locale::Ja) => $ja,
                        (Field::$v, Locale::Ru) => $ru,
                        (Field::$v, Locale::Pl) => $pl,
                    )*
                }
            }
        }
    };
}

fields! {
    /// Seed 000 A 接続番号, seed 004 ID połączenia.
    Id = "id", Call, Contact, Text, N, ["Call ID", "接続番号", "ID звонка", "ID połączenia"];
    /// The medium.
    Channel = "channel", Call, Contact, Enum, N, ["Channel", "チャネル", "Канал", "Kanał"];
    /// Seed 002 Тип: inbound or outbound.
    Direction = "direction", Call, Contact, Enum, N, ["Direction", "発着信区分", "Тип", "Kierunek"];
    /// Seed 004 Typ.
    InteractionType = "interaction_type", Call, Contact, Enum, N, ["Interaction type", "種別", "Тип взаимодействия", "Typ"];
    /// Seed 002's call type.
    CallType = "call_type", Call, Contact, Enum, N, ["Call type", "通話種別", "Тип звонка", "Rodzaj połączenia"];
    /// Seed 000 R 通話モード.
    CallMode = "call_mode", Call, Contact, Enum, N, ["Call mode", "通話モード", "Режим звонка", "Tryb rozmowy"];
    /// Seed 004 Status.
    Status = "status", Call, Contact, Enum, N, ["Status", "ステータス", "Статус", "Status"];
    /// Seed 000 B お客様名.
    CustomerName = "customer_name", Call, Contact, Text, N, ["Customer name", "お客様名", "Клиент", "Klient"];
    /// Seed 002 Звонок с, seed 004 Numer/adres źródłowy.
    From = "from", Call, Contact, Text, N, ["From", "発信元", "Звонок с", "Numer/adres źródłowy"];
    /// Seed 002 Звонок к, seed 004 Numer/adres docelowy.
    To = "to", Call, Contact, Text, N, ["To", "発信先", "Звонок к", "Numer/adres docelowy"];
    /// Seed 004 Adres DW.
    Cc = "cc", Call, Contact, List, N, ["Cc", "CC", "Копия", "Adres DW"];
    /// Seed 004 Adres UDW.
    Bcc = "bcc", Call, Contact, List, N, ["Bcc", "BCC", "Скрытая копия", "Adres UDW"];
    /// Seed 000 C スタッフ名: names in join order, comma separated; seed 002 Оператор, seed 004 Agent.
    Agents = "agents", Call, Contact, List, N, ["Agents", "スタッフ名", "Оператор", "Agent"];
    /// Every agent with id, number, groups and the deleted flag (JSON), for a lossless round trip.
    AgentsData = "agents_data", Call, Contact, Json, N, ["Agents (data)", "スタッフ(データ)", "Операторы (данные)", "Agenci (dane)"];
    /// Seed 002 Очередь, seed 004 Kolejka.
    Queue = "queue", Call, Contact, Text, N, ["Queue", "キュー", "Очередь", "Kolejka"];
    /// Seed 002 Кампания, seed 004 Kampania.
    Campaign = "campaign", Call, Contact, Text, N, ["Campaign", "キャンペーン", "Кампания", "Kampania"];
    /// Seed 002 Сценарий: the scenario's name (supervisors see it without the link).
    Scenario = "scenario", Call, Contact, Text, N, ["Scenario", "シナリオ", "Сценарий", "Scenariusz"];
    /// The link to the scenario (hidden from supervisors).
    ScenarioUrl = "scenario_url", Call, Contact, Text, S, ["Scenario link", "シナリオのリンク", "Ссылка на сценарий", "Link do scenariusza"];
    /// Seed 000 D コール開始時間, seed 002 Время, seed 004 Kiedy.
    StartedAt = "started_at", Call, Contact, DateTime, N, ["Started at", "コール開始時間", "Время", "Kiedy"];
    /// Outbound dialling began.
    DialStartedAt = "dial_started_at", Call, Contact, DateTime, N, ["Dialling started at", "発信開始時間", "Начало дозвона", "Początek wydzwaniania"];
    /// Entered the queue.
    EnqueuedAt = "enqueued_at", Call, Contact, DateTime, N, ["Queued at", "キュー投入時間", "Вход в очередь", "Wejście do kolejki"];
    /// Left the queue.
    DequeuedAt = "dequeued_at", Call, Contact, DateTime, N, ["Left queue at", "キュー離脱時間", "Выход из очереди", "Wyjście z kolejki"];
    /// Seed 000 E 着信時間.
    OfferedAt = "offered_at", Call, Contact, DateTime, N, ["Offered at", "着信時間", "Поступил оператору", "Przydzielono agentowi"];
    /// Seed 000 F 応答時間またはキャンセル時間.
    AnsweredOrCancelledAt = "answered_or_cancelled_at", Call, Contact, DateTime, N, ["Answered or cancelled at", "応答時間またはキャンセル時間", "Ответ или отмена", "Odebrano lub anulowano"];
    /// Seed 000 H 通話開始時間.
    TalkStartedAt = "talk_started_at", Call, Contact, DateTime, N, ["Talk started at", "通話開始時間", "Начало разговора", "Początek rozmowy"];
    /// Seed 000 I 通話終了時間.
    TalkEndedAt = "talk_ended_at", Call, Contact, DateTime, N, ["Talk ended at", "通話終了時間", "Конец разговора", "Koniec rozmowy"];
    /// After-call work started.
    AfterCallWorkStartedAt = "after_call_work_started_at", Call, Contact, DateTime, N, ["After-call work started at", "後処理開始時間", "Начало постобработки", "Początek pracy po rozmowie"];
    /// After-call work ended.
    AfterCallWorkEndedAt = "after_call_work_ended_at", Call, Contact, DateTime, N, ["After-call work ended at", "後処理終了時間", "Конец постобработки", "Koniec pracy po rozmowie"];
    /// Seed 000 J 接続終了時間.
    ClosedAt = "closed_at", Call, Contact, DateTime, N, ["Closed at", "接続終了時間", "Соединение закрыто", "Zamknięto"];
    /// Reported wait.
    ReportedWait = "reported_wait", Call, Contact, Duration, N, ["Wait (reported)", "待ち時間(報告値)", "Ожидание (по данным системы)", "Oczekiwanie (raportowane)"];
    /// Reported dial time.
    ReportedDial = "reported_dial", Call, Contact, Duration, N, ["Dial time (reported)", "呼出時間(報告値)", "Дозвон (по данным системы)", "Wydzwanianie (raportowane)"];
    /// Reported talk time.
    ReportedTalk = "reported_talk", Call, Contact, Duration, N, ["Talk time (reported)", "通話時間(報告値)", "Разговор (по данным системы)", "Rozmowa (raportowana)"];
    /// Reported agent talk time.
    ReportedAgentTalk = "reported_agent_talk", Call, Contact, Duration, N, ["Agent talk (reported)", "スタッフ通話時間(報告値)", "Разговор с оператором (по данным системы)", "Rozmowa z agentem (raportowana)"];
    /// Reported IVR time.
    ReportedIvr = "reported_ivr", Call, Contact, Duration, N, ["IVR time (reported)", "IVR時間(報告値)", "IVR (по данным системы)", "IVR (raportowany)"];
    /// Reported hold.
    ReportedHold = "reported_hold", Call, Contact, Duration, N, ["Hold (reported)", "保留時間(報告値)", "Удержание (по данным системы)", "Wstrzymanie (raportowane)"];
    /// Reported after-call work.
    ReportedAfterCallWork = "reported_after_call_work", Call, Contact, Duration, N, ["After-call work (reported)", "後処理時間(報告値)", "Постобработка (по данным системы)", "Praca po rozmowie (raportowana)"];
    /// Reported total.
    ReportedTotal = "reported_total", Call, Contact, Duration, N, ["Total (reported)", "総時間(報告値)", "Всего (по данным системы)", "Całkowity czas (raportowany)"];
    /// Seed 000 K 終了理由.
    EndReason = "end_reason", Call, Contact, Text, N, ["End reason", "終了理由", "Причина завершения", "Powód zakończenia"];
    /// Seed 004 Strona rozłączenia.
    DisconnectSide = "disconnect_side", Call, Contact, Enum, N, ["Disconnected by", "切断した側", "Сторона разъединения", "Strona rozłączenia"];
    /// Number of holds.
    HoldCount = "hold_count", Call, Contact, Integer, N, ["Holds", "保留回数", "Количество удержаний", "Liczba wstrzymań"];
    /// Seed 002 Результат попытки (green / red in XLSX).
    AttemptResult = "attempt_result", Call, Contact, Enum, N, ["Attempt result", "発信結果", "Результат попытки", "Wynik próby"];
    /// Seed 002 Код завершения.
    CompletionCode = "completion_code", Call, Contact, Text, N, ["Completion code", "完了コード", "Код завершения", "Kod zakończenia"];
    /// Seed 002: the callback scheduled with the completion code Перезвонить.
    CallbackAt = "callback_at", Call, Contact, DateTime, N, ["Scheduled callback", "折り返し予定日時", "Запланированный перезвон", "Zaplanowane oddzwonienie"];
    /// Seed 002 Попытки.
    Attempts = "attempts", Call, Contact, Integer, N, ["Attempts", "発信回数", "Попытки", "Próby"];
    /// Seed 002 Теги.
    Tags = "tags", Call, Contact, List, N, ["Tags", "タグ", "Теги", "Tagi"];
    /// Seed 002 Тематики.
    Topics = "topics", Call, Contact, List, N, ["Topics", "トピック", "Тематики", "Tematy"];
    /// Seed 003 categories.
    Categories = "categories", Call, Contact, List, N, ["Categories", "カテゴリ", "Категории", "Kategorie"];
    /// Seed 004 Klasyfikator.
    Classifier = "classifier", Call, Contact, Text, N, ["Classifier", "分類", "Классификатор", "Klasyfikator"];
    /// Seed 002 Заметки: the texts, one per line.
    Notes = "notes", Call, Contact, List, N, ["Notes", "コメント", "Заметки", "Komentarze"];
    /// Notes with author and time (JSON), for a lossless round trip.
    NotesData = "notes_data", Call, Contact, Json, N, ["Notes (data)", "コメント(データ)", "Заметки (данные)", "Komentarze (dane)"];
    /// Seed 003 rating of the manager.
    ManagerRating = "manager_rating", Call, Contact, Integer, N, ["Manager rating", "スタッフ評価", "Оценка менеджера", "Ocena menedżera"];
    /// Seed 003 rating of the call.
    CallRating = "call_rating", Call, Contact, Integer, N, ["Call rating", "通話評価", "Оценка звонка", "Ocena połączenia"];
    /// Seed 002 Запись, seed 004 Szczegóły: the link to the recording.
    RecordingUrl = "recording_url", Call, Contact, Text, N, ["Recording", "録画", "Запись", "Szczegóły"];
    /// Seed 000 L 録画時間: blank in XLSX and 0 in CSV while the recording is processed.
    RecordingDuration = "recording_duration", Call, Contact, Duration, N, ["Recording length", "録画時間", "Длительность записи", "Długość nagrania"];
    /// The recording is still being processed.
    RecordingProcessing = "recording_processing", Call, Contact, Boolean, N, ["Recording processing", "録画処理中", "Запись обрабатывается", "Nagranie w przetwarzaniu"];
    /// The recording's file format.
    RecordingFormat = "recording_format", Call, Contact, Text, N, ["Recording format", "録画形式", "Формат записи", "Format nagrania"];
    /// Seed 002 Цена: the amount (hidden from supervisors).
    Price = "price", Call, Contact, Decimal, P, ["Price", "料金", "Цена", "Cena"];
    /// The price's currency (hidden from supervisors).
    PriceCurrency = "price_currency", Call, Contact, Text, P, ["Currency", "通貨", "Валюта", "Waluta"];
    /// Seed 000 M コブラウズ利用: あり when used.
    CoBrowse = "co_browse", Call, Contact, Boolean, N, ["Co-browsing", "コブラウズ利用", "Совместный просмотр", "Współprzeglądanie"];
    /// Seed 000 N 着信履歴: date, staff name and reason, one entry per line.
    RingHistory = "ring_history", Call, Contact, List, N, ["Ring history", "着信履歴", "История вызовов операторов", "Historia dzwonienia"];
    /// The ring history (JSON), for a lossless round trip.
    RingHistoryData = "ring_history_data", Call, Contact, Json, N, ["Ring history (data)", "着信履歴(データ)", "История вызовов (данные)", "Historia dzwonienia (dane)"];
    /// Seed 000 O ブランド名.
    Brand = "brand", Call, Contact, Text, N, ["Brand", "ブランド名", "Бренд", "Marka"];
    /// Seed 000 P サービス名.
    Service = "service", Call, Contact, Text, N, ["Service", "サービス名", "Услуга", "Usługa"];
    /// Seed 000 Q メニュー名.
    Menu = "menu", Call, Contact, Text, N, ["Menu", "メニュー名", "Меню", "Menu"];
    /// Seed 000 S スタッフメモ.
    StaffMemo = "staff_memo", Call, Contact, Text, N, ["Staff memo", "スタッフメモ", "Заметка сотрудника", "Notatka agenta"];
    /// Seed 000 T 端末・ブラウザ情報(お客様).
    CustomerUserAgent = "customer_user_agent", Call, Contact, Text, N, ["Device and browser (customer)", "端末・ブラウザ情報(お客様)", "Устройство и браузер (клиент)", "Urządzenie i przeglądarka (klient)"];
    /// Seed 000 U 端末・ブラウザ情報(スタッフ).
    StaffUserAgent = "staff_user_agent", Call, Contact, Text, N, ["Device and browser (staff)", "端末・ブラウザ情報(スタッフ)", "Устройство и браузер (сотрудник)", "Urządzenie i przeglądarka (agent)"];
    /// Seed 000 V 追加情報.
    ExtraInfo = "extra_info", Call, Contact, Text, N, ["Additional information", "追加情報", "Дополнительные сведения", "Dodatkowe informacje"];
    /// Seed 000 W チャットログ.
    ChatLog = "chat_log", Call, Contact, Text, N, ["Chat log", "チャットログ", "Журнал чата", "Zapis czatu"];
    /// Seed 000 X.. 通話前アンケート:質問n.
    PreSurveyQuestion = "pre_survey_question_{n}", Call, Contact, Text, N, ["Pre-call survey: question {n}", "通話前アンケート:質問{n}", "Опрос до звонка: вопрос {n}", "Ankieta przed rozmową: pytanie {n}"];
    /// Seed 000 Y.. 通話前アンケート:回答n.
    PreSurveyAnswer = "pre_survey_answer_{n}", Call, Contact, Text, N, ["Pre-call survey: answer {n}", "通話前アンケート:回答{n}", "Опрос до звонка: ответ {n}", "Ankieta przed rozmową: odpowiedź {n}"];
    /// Seed 000 ..HN 通話後アンケート:質問n.
    PostSurveyQuestion = "post_survey_question_{n}", Call, Contact, Text, N, ["Post-call survey: question {n}", "通話後アンケート:質問{n}", "Опрос после звонка: вопрос {n}", "Ankieta po rozmowie: pytanie {n}"];
    /// Seed 000 ..HO 通話後アンケート:回答n.
    PostSurveyAnswer = "post_survey_answer_{n}", Call, Contact, Text, N, ["Post-call survey: answer {n}", "通話後アンケート:回答{n}", "Опрос после звонка: ответ {n}", "Ankieta po rozmowie: odpowiedź {n}"];
    /// The pre-call survey (JSON), for a lossless round trip.
    PreSurveyData = "pre_survey_data", Call, Contact, Json, N, ["Pre-call survey (data)", "通話前アンケート(データ)", "Опрос до звонка (данные)", "Ankieta przed rozmową (dane)"];
    /// The post-call survey (JSON), for a lossless round trip.
    PostSurveyData = "post_survey_data", Call, Contact, Json, N, ["Post-call survey (data)", "通話後アンケート(データ)", "Опрос после звонка (данные)", "Ankieta po rozmowie (dane)"];
    /// Seed 003 visit and client data (JSON).
    VisitData = "visit_data", Call, Contact, Json, N, ["Visit", "訪問情報", "Визит", "Wizyta"];
    /// Seed 004 ID rekordu.
    RecordId = "record_id", Call, Contact, Text, N, ["Record ID", "レコードID", "ID записи", "ID rekordu"];
    /// Seed 004 Pole znaczące.
    SignificantField = "significant_field", Call, Contact, Text, N, ["Significant field", "重要項目", "Значимое поле", "Pole znaczące"];
    /// Seed 004 ID zgłoszenia.
    TicketId = "ticket_id", Call, Contact, Text, N, ["Ticket ID", "チケットID", "ID обращения", "ID zgłoszenia"];
    /// Seed 001 リクエストID.
    RequestId = "request_id", Call, Contact, Text, N, ["Request ID", "リクエストID", "ID запроса", "ID żądania"];
    /// The IVR path in one cell: the tiles joined by ` > `.
    IvrPath = "ivr_path", Call, Contact, List, N, ["IVR path", "IVR経路", "Путь в IVR", "Ścieżka IVR"];
    /// The IVR path (JSON), for a lossless round trip.
    IvrPathData = "ivr_path_data", Call, Contact, Json, N, ["IVR path (data)", "IVR経路(データ)", "Путь в IVR (данные)", "Ścieżka IVR (dane)"];
    /// Anything else the product added (seed 002 "Дополнительная информация о звонках",
    /// hidden from supervisors), as JSON.
    ExtraData = "extra_data", Call, Contact, Json, D, ["Call details", "通話の詳細情報", "Дополнительная информация о звонке", "Szczegóły połączenia"];

    /// Seed 000 G お客様待ち時間(秒).
    Wait = "wait", Call, Derived, Duration, N, ["Customer wait (s)", "お客様待ち時間(秒)", "Ожидание клиента", "Czas oczekiwania"];
    /// Seed 002 Длительность дозвона, seed 004 Czas wydzwaniania.
    Dial = "dial", Call, Derived, Duration, N, ["Dial time", "呼出時間", "Длительность дозвона", "Czas wydzwaniania"];
    /// Seed 002 Длительность разговора, seed 004 Czas rozmowy.
    Talk = "talk", Call, Derived, Duration, N, ["Talk time", "通話時間", "Длительность разговора", "Czas rozmowy"];
    /// Seed 004 Rozmowa z agentem.
    AgentTalk = "agent_talk", Call, Derived, Duration, N, ["Agent talk time", "スタッフ通話時間", "Разговор с оператором", "Rozmowa z agentem"];
    /// Time in the IVR.
    IvrTime = "ivr_time", Call, Derived, Duration, N, ["IVR time", "IVR時間", "Время в IVR", "Czas w IVR"];
    /// Hold time.
    Hold = "hold", Call, Derived, Duration, N, ["Hold time", "保留時間", "Время удержания", "Czas wstrzymania"];
    /// After-call work.
    AfterCallWork = "after_call_work", Call, Derived, Duration, N, ["After-call work", "後処理時間", "Постобработка", "Praca po rozmowie"];
    /// Total duration.
    Total = "total", Call, Derived, Duration, N, ["Total duration", "総時間", "Общая длительность", "Całkowity czas trwania"];
    /// Handle time.
    Handle = "handle", Call, Derived, Duration, N, ["Handle time", "処理時間", "Время обработки", "Czas obsługi"];
    /// What became of the contact.
    Outcome = "outcome", Call, Derived, Enum, N, ["Outcome", "結果", "Итог", "Wynik"];
    /// Seed 002: whether the attempt succeeded (green) or failed (red).
    Success = "success", Call, Derived, Boolean, N, ["Success", "成否", "Успешность", "Powodzenie"];

    /// Detailed layout: the step's number on the IVR path (1-based).
    IvrStepNumber = "ivr_step", Call, IvrStep, Integer, N, ["IVR step", "IVRステップ", "Шаг IVR", "Krok IVR"];
    /// Detailed layout: the tile.
    IvrNode = "ivr_node", Call, IvrStep, Text, N, ["IVR tile", "IVRノード", "Блок IVR", "Kafelek IVR"];
    /// Detailed layout: when the caller entered the tile.
    IvrEnteredAt = "ivr_entered_at", Call, IvrStep, DateTime, N, ["IVR step entered at", "IVR開始時間", "Вход в блок IVR", "Wejście na kafelek"];
    /// Detailed layout: when the caller left the tile.
    IvrLeftAt = "ivr_left_at", Call, IvrStep, DateTime, N, ["IVR step left at", "IVR終了時間", "Выход из блока IVR", "Wyjście z kafelka"];
    /// Detailed layout: time on the tile.
    IvrStepDuration = "ivr_step_duration", Call, IvrStep, Duration, N, ["IVR step time", "IVR滞在時間", "Время в блоке IVR", "Czas na kafelku"];
    /// Detailed layout: the caller's choice.
    IvrChoice = "ivr_choice", Call, IvrStep, Text, N, ["IVR choice", "IVR選択", "Выбор в IVR", "Wybór w IVR"];
    /// Detailed layout: anything else about the step.
    IvrDetail = "ivr_detail", Call, IvrStep, Text, N, ["IVR step detail", "IVR詳細", "Подробности блока IVR", "Szczegóły kafelka"];
    /// Detailed layout: when a staff member was rung (seed 000 N 日時).
    RingAt = "ring_at", Call, RingEvent, DateTime, N, ["Rung at", "着信履歴:日時", "Вызов оператора: время", "Dzwonienie: czas"];
    /// Detailed layout: who was rung (seed 000 N スタッフ名).
    RingStaff = "ring_staff", Call, RingEvent, Text, N, ["Rung staff", "着信履歴:スタッフ名", "Вызов оператора: оператор", "Dzwonienie: agent"];
    /// Detailed layout: why the ring ended (seed 000 N 履歴の詳細理由).
    RingDetail = "ring_detail", Call, RingEvent, Text, N, ["Ring detail", "着信履歴:詳細理由", "Вызов оператора: причина", "Dzwonienie: szczegóły"];

    /// Seed 001 ID.
    CallbackId = "callback_id", Callback, Contact, Text, N, ["ID", "ID", "ID", "ID"];
    /// Seed 001 登録日時.
    CallbackRegisteredAt = "callback_registered_at", Callback, Contact, DateTime, N, ["Registered at", "登録日時", "Дата регистрации", "Data rejestracji"];
    /// Seed 001 着信日時.
    CallbackIncomingAt = "callback_incoming_at", Callback, Contact, DateTime, N, ["Call received at", "着信日時", "Дата звонка", "Data połączenia"];
    /// Seed 001 担当者 (blank: not assigned).
    CallbackAssignee = "callback_assignee", Callback, Contact, Text, N, ["Assignee", "担当者", "Ответственный", "Osoba przypisana"];
    /// Seed 001 対応状況.
    CallbackState = "callback_state", Callback, Contact, Enum, N, ["State", "対応状況", "Состояние", "Stan"];
    /// Seed 001 コールセンター名.
    CallbackCallCenter = "callback_call_center", Callback, Contact, Text, N, ["Call center", "コールセンター名", "Колл-центр", "Call center"];
    /// Seed 001 業務ラベル名.
    CallbackBusinessLabel = "callback_business_label", Callback, Contact, Text, N, ["Business label", "業務ラベル名", "Бизнес-метка", "Etykieta biznesowa"];
    /// Seed 001 相手の番号.
    CallbackCallerNumber = "callback_caller_number", Callback, Contact, Text, N, ["Caller number", "相手の番号", "Номер звонящего", "Numer dzwoniącego"];
    /// Seed 001 こちらの番号.
    CallbackOurNumber = "callback_our_number", Callback, Contact, Text, N, ["Our number", "こちらの番号", "Наш номер", "Nasz numer"];
    /// Seed 001 リクエストID.
    CallbackRequestId = "callback_request_id", Callback, Contact, Text, N, ["Request ID", "リクエストID", "ID запроса", "ID żądania"];
    /// Seed 001 録音: the link to the recorded message.
    CallbackRecording = "callback_recording", Callback, Contact, Text, N, ["Recording", "録音", "Запись", "Nagranie"];
    /// Seed 001 メモ (≤ 1,000 characters).
    CallbackMemo = "callback_memo", Callback, Contact, Text, N, ["Memo", "メモ", "Заметка", "Notatka"];
}

/// Highest number of a numbered field (seed 000: 50 survey questions each way).
pub const MAX_NUMBER: u8 = 50;

impl Field {
    /// Whether the field is numbered (`_{n}` in its id).
    pub fn is_numbered(self) -> bool {
        self.id_pattern().ends_with("{n}")
    }
}

/// One column of an export: a [`Field`], with its number for numbered fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Column {
    field: Field,
    number: u8,
}

impl From<Field> for Column {
    /// The column of an unnumbered field (a numbered one gets number 1).
    fn from(field: Field) -> Self {
        Column {
            field,
            number: if field.is_numbered() { 1 } else { 0 },
        }
    }
}

impl Column {
    /// The column of a numbered field, `number` in 1..=50.
    pub fn numbered(field: Field, number: u8) -> Result<Column> {
        if !field.is_numbered() {
            return Err(Error::ExportOption {
                option: "columns".into(),
                reason: format!("`{}` is not a numbered column", field.id_pattern()),
            });
        }
        if !(1..=MAX_NUMBER).contains(&number) {
            return Err(Error::ExportOption {
                option: "columns".into(),
                reason: format!(
                    "`{}`: number {number} is outside 1..={MAX_NUMBER}",
                    field.id_pattern()
                ),
            });
        }
        Ok(Column { field, number })
    }

    /// The field.
    pub const fn field(self) -> Field {
        self.field
    }

    /// The number of a numbered field (0 for others).
    pub const fn number(self) -> u8 {
        self.number
    }

    /// The stable id, e.g. `wait` or `pre_survey_answer_12`.
    pub fn id(self) -> Cow<'static, str> {
        fill(self.field.id_pattern(), self.number)
    }

    /// The header label in `locale`.
    pub fn label(self, locale: Locale) -> Cow<'static, str> {
        fill(self.field.label_pattern(locale), self.number)
    }

    /// The value type.
    pub const fn value_type(self) -> ValueType {
        self.field.value_type()
    }

    /// The restricted part this column shows, if any.
    pub const fn restricted(self) -> Option<Restricted> {
        self.field.restricted()
    }

    /// Every column of the catalogue for `kind`, numbered fields expanded 1..=50.
    pub fn all(kind: RecordKind) -> Vec<Column> {
        let mut out = Vec::new();
        for f in Field::ALL
            .iter()
            .copied()
            .filter(|f| f.record_kind() == kind)
        {
            if f.is_numbered() {
                out.extend((1..=MAX_NUMBER).map(|n| Column {
                    field: f,
                    number: n,
                }));
            } else {
                out.push(Column::from(f));
            }
        }
        out
    }

    /// Finds a column of `kind` by its id or by its header label in any locale (what a CSV
    /// header holds).
    pub fn from_id_or_label(kind: RecordKind, s: &str) -> Option<Column> {
        let t = s.trim();
        for f in Field::ALL
            .iter()
            .copied()
            .filter(|f| f.record_kind() == kind)
        {
            if f.is_numbered() {
                let mut pats = vec![f.id_pattern()];
                pats.extend(Locale::ALL.iter().map(|l| f.label_pattern(*l)));
                for p in pats {
                    let (pre, post) = p.split_once("{n}").unwrap_or((p, ""));
                    if let Some(mid) = t.strip_prefix(pre).and_then(|r| r.strip_suffix(post))
                        && let Ok(n) = mid.parse::<u8>()
                        && let Ok(c) = Column::numbered(f, n)
                        && !mid.starts_with('+')
                    {
                        return Some(c);
                    }
                }
            } else if f.id_pattern() == t || Locale::ALL.iter().any(|l| f.label_pattern(*l) == t) {
                return Some(Column::from(f));
            }
        }
        None
    }
}

fn fill(pattern: &'static str, n: u8) -> Cow<'static, str> {
    if pattern.contains("{n}") {
        Cow::Owned(pattern.replace("{n}", &n.to_string()))
    } else {
        Cow::Borrowed(pattern)
    }
}

impl fmt::Display for Column {
    /// Writes the id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

impl FromStr for Column {
    type Err = Error;
    /// Parses an id (e.g. `talk`, `post_survey_question_7`).
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        for f in Field::ALL.iter().copied() {
            let p = f.id_pattern();
            if let Some(pre) = p.strip_suffix("{n}") {
                if let Some(n) = t.strip_prefix(pre)
                    && !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit())
                {
                    let n: u8 = n.parse().map_err(|_| unknown_column(s))?;
                    return Column::numbered(f, n);
                }
            } else if p == t {
                return Ok(Column::from(f));
            }
        }
        Err(unknown_column(s))
    }
}

fn unknown_column(s: &str) -> Error {
    Error::UnknownValue {
        vocabulary: "column",
        value: s.to_string(),
        accepted: "a column id of the catalogue (calllog::export::Field::ALL), e.g. started_at, agents, talk, pre_survey_question_1".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_parse_back() {
        let mut seen = HashSet::new();
        for kind in [RecordKind::Call, RecordKind::Callback] {
            for c in Column::all(kind) {
                assert!(seen.insert(c.id().into_owned()), "duplicate id {}", c.id());
                assert_eq!(c.id().parse::<Column>().unwrap(), c);
            }
        }
        assert!("nope".parse::<Column>().is_err());
        assert!("pre_survey_question_51".parse::<Column>().is_err());
    }

    #[test]
    fn labels_are_unique_per_locale_and_find_their_column() {
        for kind in [RecordKind::Call, RecordKind::Callback] {
            for l in Locale::ALL {
                let mut seen = HashSet::new();
                for c in Column::all(kind) {
                    let label = c.label(*l);
                    assert!(seen.insert(label.clone()), "{l}: duplicate label {label}");
                }
            }
        }
        for kind in [RecordKind::Call, RecordKind::Callback] {
            for c in Column::all(kind) {
                for l in Locale::ALL {
                    // Every label in every locale leads back to its own column: a localized
                    // header reads back whatever the locale.
                    assert_eq!(
                        Column::from_id_or_label(kind, &c.label(*l)),
                        Some(c),
                        "{l} {c}"
                    );
                }
                assert_eq!(Column::from_id_or_label(kind, &c.id()), Some(c));
            }
        }
    }
}
