import {
  AccountBookOutlined, AppstoreOutlined, AuditOutlined, BankOutlined, BuildOutlined, BulbOutlined, CarOutlined,
  CoffeeOutlined, EnvironmentOutlined, ExperimentOutlined, FileDoneOutlined, FileExcelOutlined, HeartOutlined,
  HomeOutlined, IdcardOutlined, MedicineBoxOutlined, PropertySafetyOutlined, ReadOutlined, RocketOutlined,
  SafetyCertificateOutlined, SafetyOutlined, ScheduleOutlined, ShopOutlined, SmileOutlined, TeamOutlined,
  TruckOutlined, UsergroupAddOutlined,
} from '@ant-design/icons';
import type { TOPICS } from '@onewindow/domain';
import type { ComponentType } from 'react';

type Icon = ComponentType<{ className?: string; 'aria-hidden'?: boolean }>;

/** Keyed by the topic codes of @onewindow/domain (data, not UI text); the type makes every topic have an icon. */
const ICONS: Record<(typeof TOPICS)[number], Icon> = {
  生育收养: SmileOutlined,
  户籍办理: HomeOutlined,
  教育科研: ReadOutlined,
  就业创业: RocketOutlined,
  社会保障: SafetyOutlined,
  住房保障: BankOutlined,
  婚姻登记: HeartOutlined,
  医疗卫生: MedicineBoxOutlined,
  交通出行: CarOutlined,
  证件办理: IdcardOutlined,
  退休养老: CoffeeOutlined,
  民族宗教: TeamOutlined,
  死亡殡葬: FileDoneOutlined,
  公积金: PropertySafetyOutlined,
  设立变更: ShopOutlined,
  准营准办: AuditOutlined,
  资质认证: SafetyCertificateOutlined,
  年检年审: ScheduleOutlined,
  税收财务: AccountBookOutlined,
  人力资源: UsergroupAddOutlined,
  工程建设: BuildOutlined,
  食品药品: ExperimentOutlined,
  交通运输: TruckOutlined,
  环保绿化: EnvironmentOutlined,
  知识产权: BulbOutlined,
  注销清算: FileExcelOutlined,
};

export function TopicIcon({ topic, className }: { topic: string; className?: string }) {
  const Component = (ICONS as Record<string, Icon | undefined>)[topic] ?? AppstoreOutlined;
  return <Component className={className} aria-hidden />;
}
