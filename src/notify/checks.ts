// What to check (確認事項) and, when the analyst gave none, what to do: written per attack phase and
// per alert level, in each language, with the device and destination filled in.
import type { AlertLevel, Phase } from '../schema/incident.js';
import type { Language } from './types.js';

type Fill = { device: string; destination: string; time: string };
type Text = (f: Fill) => string;

const ALWAYS: Record<Language, Text> = {
  en: (f) => `Who uses ${f.device}, and what were they doing at ${f.time}?`,
  ja: (f) => `${f.device} の利用者と、${f.time} 頃の操作内容をご確認ください。`,
};

const BY_PHASE: Record<Language, Partial<Record<Phase, Text>>> = {
  en: {
    reconnaissance: (f) => `Is ${f.device} meant to scan or probe other hosts (asset inventory, monitoring, a vulnerability scanner)?`,
    'initial-access': (f) => `Was anything downloaded, opened or installed on ${f.device} shortly before? Look for unfamiliar programs.`,
    execution: (f) => `Were programs or services started remotely on ${f.device}? Check for unexpected services and scheduled tasks.`,
    persistence: (f) => `Are there new services, scheduled tasks or start-up entries on ${f.device}?`,
    'credential-access': (f) => `Were the accounts used on ${f.device} at that time used by their owners? Look for unusual logons and password resets.`,
    'lateral-movement': (f) => `Did an administrator connect from ${f.device} to other hosts at that time (remote desktop, file shares, remote management)?`,
    'command-and-control': (f) => `Is there a business reason for ${f.device} to talk to ${f.destination}? Find the process that makes the connection.`,
    collection: (f) => `Did ${f.device} read unusual amounts of data from file servers or shares?`,
    exfiltration: (f) => `Was the upload from ${f.device} to ${f.destination} expected (backup, cloud sync, a file transfer someone asked for)?`,
    impact: (f) => `Are the services and files on ${f.device} intact? Look for encrypted, renamed or deleted files.`,
  },
  ja: {
    reconnaissance: (f) => `${f.device} はスキャンや監視を行う機器（資産管理、監視システム、脆弱性スキャナ等）ですか。`,
    'initial-access': (f) => `直前に ${f.device} でファイルのダウンロード、添付ファイルの開封、ソフトウェアのインストールはありましたか。見慣れないプログラムがないかご確認ください。`,
    execution: (f) => `${f.device} で遠隔からプログラムやサービスが起動されていませんか。想定外のサービスやタスクがないかご確認ください。`,
    persistence: (f) => `${f.device} に新しいサービス、タスク、スタートアップ登録が追加されていませんか。`,
    'credential-access': (f) => `該当時間帯に ${f.device} で使われたアカウントは本人による利用ですか。不審なログオンやパスワード変更がないかご確認ください。`,
    'lateral-movement': (f) => `該当時間帯に管理者が ${f.device} から他の端末へ接続（リモートデスクトップ、ファイル共有、リモート管理）しましたか。`,
    'command-and-control': (f) => `${f.device} が ${f.destination} と通信する業務上の理由はありますか。通信を行っているプロセスをご確認ください。`,
    collection: (f) => `${f.device} がファイルサーバや共有フォルダから普段より多くのデータを読み出していませんか。`,
    exfiltration: (f) => `${f.device} から ${f.destination} への送信は想定されたもの（バックアップ、クラウド同期、依頼されたファイル転送等）ですか。`,
    impact: (f) => `${f.device} のサービスやファイルに異常（暗号化、名前の変更、削除）はありませんか。`,
  },
};

export function checkItems(language: Language, phases: readonly Phase[], fill: Fill): string[] {
  const lines = [ALWAYS[language](fill)];
  for (const phase of new Set(phases)) {
    const t = BY_PHASE[language][phase];
    if (t) lines.push(t(fill));
  }
  return lines;
}

const BY_LEVEL: Record<Language, Record<AlertLevel, Text[]>> = {
  en: {
    3: [
      (f) => `Isolate ${f.device} from the network (or block its traffic to ${f.destination}) until it has been checked.`,
      () => 'Keep the evidence: do not switch the device off or wipe it before it has been examined.',
      () => 'Tell your incident response contact now.',
    ],
    2: [(f) => `Investigate ${f.device} today using the checks above.`, (f) => `If the traffic to ${f.destination} cannot be explained, block it and escalate.`],
    1: [() => 'Keep watching: no action is needed unless it happens again or spreads to other devices.', () => 'If this is expected business use, record it so it is not raised again.'],
    0: [() => 'No action needed. If this activity is expected, it can be suppressed.'],
  },
  ja: {
    3: [
      (f) => `確認が取れるまで ${f.device} をネットワークから隔離する（または ${f.destination} への通信を遮断する）ことを推奨します。`,
      () => '証拠保全のため、調査が終わるまで端末の電源断や初期化は行わないでください。',
      () => 'インシデント対応窓口へ速やかにご連絡ください。',
    ],
    2: [(f) => `上記の確認事項に沿って、本日中に ${f.device} の調査をお願いします。`, (f) => `${f.destination} との通信の理由が確認できない場合は、通信を遮断のうえエスカレーションしてください。`],
    1: [() => '経過観察をお願いします。再発や他端末への広がりがなければ対応は不要です。', () => '業務上想定された通信であれば、その旨を記録してください（再検知の抑制に利用します）。'],
    0: [() => '対応は不要です。想定された通信であれば抑制設定が可能です。'],
  },
};

export function defaultActions(language: Language, level: AlertLevel, fill: Fill): string[] {
  return BY_LEVEL[language][level].map((t) => t(fill));
}
