import { AppstoreOutlined, BankOutlined, CloudServerOutlined, PhoneOutlined, RightOutlined, UserOutlined } from '@ant-design/icons';
import { Col, Empty, Row, Tabs } from 'antd';
import { ENTERPRISE_TOPICS, PERSONAL_TOPICS } from '@onewindow/domain';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useItemSearch, useNodeInfo, useTopics } from '../../api/hooks';
import { HotWords } from '../../components/HotWords';
import { ItemCard } from '../../components/ItemCard';
import { CardSkeleton, ErrorState } from '../../components/QueryState';
import { SearchBox } from '../../components/SearchBox';
import { TopicIcon } from '../../components/TopicIcon';
import { topicLabel } from '../../lib/format';
import { searchHref, type AudienceGroup } from '../../lib/searchParams';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

function TopicTiles({ group }: { group: AudienceGroup }) {
  const { t } = useTranslation();
  const counts = useTopics(group);
  const defaults: readonly string[] = group === 'personal' ? PERSONAL_TOPICS : ENTERPRISE_TOPICS;
  const countOf = new Map((counts.data?.items ?? []).map((x) => [x.name, x.count]));
  return (
    <ul className="ow-topics">
      {defaults.map((topic) => {
        const count = countOf.get(topic);
        return (
          <li key={topic}>
            <Link to={searchHref({ topic, audienceGroup: group })} className="ow-topic">
              <span className={`ow-topic-icon ow-topic-icon-${group}`}>
                <TopicIcon topic={topic} />
              </span>
              <span className="ow-topic-name">{topicLabel(t, topic)}</span>
              {count !== undefined && count > 0 && <span className="ow-topic-count">{count}</span>}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function PopularItems({ group }: { group: AudienceGroup }) {
  const { t } = useTranslation();
  const popular = useItemSearch({ sort: 'popular', audienceGroup: group, page: 1, pageSize: 8 });
  if (popular.isPending) {
    return (
      <Row gutter={[16, 16]}>
        {[0, 1].map((i) => (
          <Col xs={24} md={12} key={i}>
            <div className="ow-item-card">
              <CardSkeleton rows={2} />
            </div>
          </Col>
        ))}
      </Row>
    );
  }
  if (popular.isError) return <ErrorState error={popular.error} onRetry={() => void popular.refetch()} />;
  if (popular.data.items.length === 0) return <Empty description={t('home.noPopular')} />;
  return (
    <Row gutter={[16, 16]}>
      {popular.data.items.map((item) => (
        <Col xs={24} md={12} key={item.implementationCode}>
          <ItemCard item={item} compact />
        </Col>
      ))}
    </Row>
  );
}

function GroupPanel({ group }: { group: AudienceGroup }) {
  const { t } = useTranslation();
  return (
    <div className="ow-group-panel">
      <section aria-labelledby={`topics-${group}`}>
        <div className="ow-section-head">
          <h2 id={`topics-${group}`}>{t('home.topics')}</h2>
          <span className="ow-section-hint">{t('home.topicsHint')}</span>
        </div>
        <TopicTiles group={group} />
      </section>
      <section aria-labelledby={`popular-${group}`} className="ow-popular">
        <div className="ow-section-head">
          <h2 id={`popular-${group}`}>{t('home.popular')}</h2>
          <Link to={searchHref({ audienceGroup: group, sort: 'popular' })} className="ow-section-more">
            {t('home.more')} <RightOutlined aria-hidden />
          </Link>
        </div>
        <PopularItems group={group} />
      </section>
    </div>
  );
}

function QuickLink({ to, icon, title, desc, tone }: { to: string; icon: ReactNode; title: string; desc: string; tone: string }) {
  const inner = (
    <>
      <span className={`ow-quick-icon ow-tone-${tone}`}>{icon}</span>
      <span className="ow-quick-text">
        <strong>{title}</strong>
        <span>{desc}</span>
      </span>
    </>
  );
  return to.startsWith('tel:') ? (
    <a href={to} className="ow-quick">
      {inner}
    </a>
  ) : (
    <Link to={to} className="ow-quick">
      {inner}
    </Link>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const node = useNodeInfo();
  const [tab, setTab] = useState<AudienceGroup>('personal');
  const hotline = node.data?.hotline ?? '12345';
  useDocumentTitle(node.data?.name);

  return (
    <>
      <section className="ow-hero">
        <div className="ow-container ow-hero-inner">
          <h1 className="ow-hero-title">{t('home.heroTitle')}</h1>
          <p className="ow-hero-sub">
            {node.data?.name && <span className="ow-hero-node">{node.data.name}</span>}
            {t('home.heroSubtitle')}
          </p>
          <SearchBox className="ow-hero-search" />
          <HotWords tone="dark" />
        </div>
      </section>

      <div className="ow-container ow-home-body">
        <Row gutter={[16, 16]} className="ow-quick-row">
          <Col xs={12} md={6}>
            <QuickLink
              to={searchHref({ onlineDepth: '4' })}
              icon={<CloudServerOutlined />}
              title={t('home.quick.online')}
              desc={t('home.quick.onlineDesc')}
              tone="green"
            />
          </Col>
          <Col xs={12} md={6}>
            <QuickLink
              to={searchHref({ audienceGroup: 'personal' })}
              icon={<UserOutlined />}
              title={t('home.quick.personal')}
              desc={t('home.quick.personalDesc')}
              tone="blue"
            />
          </Col>
          <Col xs={12} md={6}>
            <QuickLink
              to={searchHref({ audienceGroup: 'legal' })}
              icon={<BankOutlined />}
              title={t('home.quick.legal')}
              desc={t('home.quick.legalDesc')}
              tone="purple"
            />
          </Col>
          <Col xs={12} md={6}>
            <QuickLink
              to={`tel:${hotline}`}
              icon={<PhoneOutlined />}
              title={t('home.quick.hotline', { hotline })}
              desc={t('home.quick.hotlineDesc')}
              tone="red"
            />
          </Col>
        </Row>

        <div className="ow-panel ow-home-tabs">
          <Tabs
            activeKey={tab}
            onChange={(k) => setTab(k as AudienceGroup)}
            size="large"
            items={[
              {
                key: 'personal',
                label: (
                  <span className="ow-tab-label">
                    <UserOutlined aria-hidden /> {t('nav.personal')}
                  </span>
                ),
                children: <GroupPanel group="personal" />,
              },
              {
                key: 'legal',
                label: (
                  <span className="ow-tab-label">
                    <AppstoreOutlined aria-hidden /> {t('nav.legal')}
                  </span>
                ),
                children: <GroupPanel group="legal" />,
              },
            ]}
          />
        </div>
      </div>
    </>
  );
}
