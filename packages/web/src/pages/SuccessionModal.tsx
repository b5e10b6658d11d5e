import {
  Alert,
  App as AntApp,
  Checkbox,
  DatePicker,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { successionsApi, unitsApi } from '../api/endpoints';
import type { CarryItem, SuccessionKind } from '../api/types';
import { errorMessage } from '../components/errors';

interface Values {
  kind: SuccessionKind;
  effectiveOn: Dayjs;
  from: string[];
  to: string[];
  carries: CarryItem[];
  historyFrom?: string;
  note?: string;
}

const CARRIES: CarryItem[] = ['reports', 'records', 'history', 'indicators'];

/**
 * 机构调整 (issue 15): a merge, split or rename of units on a day, with what the successors take over. The server
 * refuses cycles, overlaps with the units' validity, a day inside a published year and open reports left behind.
 */
export function SuccessionModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'merge';
  const from = Form.useWatch('from', form) ?? [];
  const carries = Form.useWatch('carries', form) ?? [];
  const units = useQuery({
    queryKey: ['units', 'all-for-succession'],
    queryFn: () => unitsApi.list({ page: 1, pageSize: 500 }),
    enabled: open,
  });
  const history = useQuery({ queryKey: ['unit-successions'], queryFn: successionsApi.list, enabled: open });
  const options = (units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }));

  const save = useMutation({
    mutationFn: (v: Values) => {
      const fromIds = v.kind === 'merge' ? v.from : v.from.slice(0, 1);
      const toIds = v.kind === 'split' ? v.to : v.to.slice(0, 1);
      // Reports, records and indicators of a unit go to one successor (the first); the history from one unit.
      const pairs = fromIds.flatMap((f) =>
        toIds.map((to, i) => ({
          fromUnitId: f,
          toUnitId: to,
          carries: v.carries.filter((c) =>
            c === 'history' ? i === 0 && (fromIds.length === 1 || f === v.historyFrom) : i === 0,
          ),
        })),
      );
      return successionsApi.create({
        kind: v.kind,
        effectiveOn: v.effectiveOn.format('YYYY-MM-DD'),
        pairs,
        note: v.note?.trim() || null,
      });
    },
    onSuccess: (r) => {
      message.success(t('reform.succession.done', { reports: r.moved.reports, records: r.moved.records }));
      if (r.kept > 0) message.warning(t('reform.succession.kept', { kept: r.kept }));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['units'] });
      void qc.invalidateQueries({ queryKey: ['unit-successions'] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });

  const required = [{ required: true, message: t('reform.succession.required') }];
  return (
    <Modal
      open={open}
      title={t('reform.succession.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('reform.succession.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={680}
      destroyOnHidden
      data-testid="succession-modal"
    >
      <Alert type="info" showIcon title={t('reform.succession.hint')} style={{ marginBottom: 12 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'merge', carries: ['reports', 'records', 'history'] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t('reform.succession.kind')} rules={required}>
          <Radio.Group
            optionType="button"
            options={(['merge', 'split', 'rename'] as const).map((k) => ({
              value: k,
              label: t(`reform.succession.kinds.${k}`),
            }))}
            data-testid="succession-kind"
          />
        </Form.Item>
        <Form.Item name="effectiveOn" label={t('reform.succession.effectiveOn')} rules={required}>
          <DatePicker data-testid="succession-date" />
        </Form.Item>
        <Form.Item name="from" label={t('reform.succession.from')} rules={required}>
          <Select
            mode="multiple"
            maxCount={kind === 'merge' ? undefined : 1}
            options={options}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="succession-from"
          />
        </Form.Item>
        <Form.Item name="to" label={t('reform.succession.to')} rules={required}>
          <Select
            mode="multiple"
            maxCount={kind === 'split' ? undefined : 1}
            options={options}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="succession-to"
          />
        </Form.Item>
        <Form.Item name="carries" label={t('reform.succession.carries')}>
          <Checkbox.Group
            options={CARRIES.map((c) => ({ value: c, label: t(`reform.succession.items.${c}`) }))}
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          />
        </Form.Item>
        {kind === 'merge' && carries.includes('history') && from.length > 1 && (
          <Form.Item name="historyFrom" label={t('reform.succession.historyFrom')} rules={required}>
            <Select options={options.filter((o) => from.includes(o.value))} data-testid="succession-history-from" />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('reform.succession.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t('reform.succession.list')}</Typography.Title>
      <List
        size="small"
        locale={{ emptyText: t('reform.succession.none') }}
        dataSource={history.data?.items ?? []}
        renderItem={(s) => (
          <List.Item>
            <Tag>{t(`reform.succession.kinds.${s.kind}`)}</Tag>
            {s.effectiveOn}：{s.from.name} → {s.to.name}
            {s.carries.length > 0 && (
              <span className="ys-muted">
                （{s.carries.map((c) => t(`reform.succession.items.${c}`).split('（')[0]).join('、')}）
              </span>
            )}
          </List.Item>
        )}
      />
    </Modal>
  );
}
