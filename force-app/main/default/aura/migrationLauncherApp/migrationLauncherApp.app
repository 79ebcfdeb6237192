<!--
  Lightning Out app of the DataMigration Visualforce page: it only declares the component that the
  page creates with $Lightning.createComponent (a Lightning Out app renders no body of its own).
-->
<aura:application access="GLOBAL" extends="ltng:outApp" description="Hosts the Data Migration launcher in the DataMigration Visualforce page">
    <aura:dependency resource="c:migrationLauncher" />
</aura:application>
